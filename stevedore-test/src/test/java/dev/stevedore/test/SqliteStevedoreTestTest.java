package dev.stevedore.test;

import java.nio.file.Files;

/** {@link StevedoreTestContract} on the default store: a SQLite file in a temporary directory. */
class SqliteStevedoreTestTest extends StevedoreTestContract {
    @Override
    StevedoreTestBuilder onStore(StevedoreTestBuilder builder) {
        return builder;
    }

    @Override
    boolean storeExists(TestStore store) {
        return Files.exists(((SqliteTestStore) store).directory());
    }
}
