package dev.stevedore.spring;

import dev.stevedore.spi.Store;
import dev.stevedore.sqlite.SqliteStore;

/**
 * The SQLite store on a file of its own. Loaded only when chosen, so that the starter works without
 * stevedore-sqlite on the class path.
 */
final class SqliteStores {
    private SqliteStores() {}

    static Store create(StoreProperties properties) {
        String file = properties.getFile();
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException("stevedore.store.file is required when stevedore.store.type is sqlite");
        }
        return SqliteStore.file(file);
    }
}
