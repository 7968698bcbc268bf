package dev.stevedore.cli;

import dev.stevedore.Stevedore;
import dev.stevedore.spi.MigrationStatus;
import dev.stevedore.spi.Store;

/**
 * What an operator command works through: the store, checked to be migrated, and a node on it that is
 * never started, so every action (pause, retry, cancel, resolve…) runs the library's own code, with
 * its checks and events, exactly as an application calling it would.
 */
final class Operator implements AutoCloseable {
    private final Store store;
    private final Stevedore node;

    private Operator(Store store) {
        this.store = store;
        this.node = Stevedore.builder().store(store).nodeId("stevedore-cli-" + ProcessHandle.current().pid()).build();
    }

    /** Opens the database at {@code url}; a usage error if it is missing, has no Stevedore tables or is behind. */
    static Operator open(StoreUrl url) {
        // Opening a SQLite path creates the file: a mistyped path must not leave an empty database behind.
        if (url instanceof StoreUrl.Sqlite sqlite && !java.nio.file.Files.exists(sqlite.file())) {
            throw new UsageException("no SQLite database at " + sqlite.file()
                    + ": check the path, or create one with 'stevedore migrate up'");
        }
        Store store = url.open();
        try {
            MigrationStatus migration = store.migrationStatus();
            if (migration.applied() == 0) {
                throw new UsageException(url.display() + " has no Stevedore tables: run 'stevedore migrate up' first");
            }
            if (migration.pending()) {
                throw new UsageException(url.display() + " is at schema version " + migration.applied() + " of "
                        + migration.latest() + ": run 'stevedore migrate up' first");
            }
            return new Operator(store);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    Store store() {
        return store;
    }

    Stevedore node() {
        return node;
    }

    /** Runs an action whose bad input (an invalid name, an unknown id) is the operator's to fix: a usage error. */
    static <T> T asUsage(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    static void asUsage(Runnable action) {
        asUsage(() -> {
            action.run();
            return null;
        });
    }

    /** Closes the node, which closes the store. */
    @Override
    public void close() {
        node.close();
    }
}
