package dev.stevedore.test;

import dev.stevedore.spi.Store;
import java.time.Duration;

/** A store of the test's own (a temporary SQLite file, a PostgreSQL schema) whose time follows the test's clock. */
interface TestStore {
    /** The migrated store; the node closes it. */
    Store store();

    /** The test's clock now runs {@code total} ahead of the system clock: the store's must too. */
    void shifted(Duration total);

    /** Where the jobs live, for messages. */
    String describe();

    /** Removes what the test created (the file, the schemas), after the store was closed. */
    void delete();
}
