package dev.stevedore.cli;

import dev.stevedore.Stevedore;
import dev.stevedore.StevedoreBuilder;
import dev.stevedore.spi.MigrationStatus;
import dev.stevedore.spi.Store;
import org.jspecify.annotations.Nullable;

/**
 * What an operator command works through: the store, checked to be migrated, and a node on it that is
 * never started, so every action (pause, retry, cancel, resolve…) runs the library's own code, with
 * its checks and events, exactly as an application calling it would.
 */
final class Operator implements AutoCloseable {
    private final Store store;
    private final Stevedore node;
    private final java.net.@Nullable URLClassLoader loader;

    private Operator(Store store, java.net.@Nullable URLClassLoader loader, java.util.List<WorkerModule> modules) {
        this.store = store;
        this.loader = loader;
        StevedoreBuilder builder = Stevedore.builder().store(store).nodeId("stevedore-cli-" + ProcessHandle.current().pid());
        // The application's declarations (cron schedules and their jobs), as its workers have them.
        modules.forEach(module -> module.configure(builder));
        this.node = builder.build();
    }

    /** Opens the database at {@code url}; a usage error if it is missing, has no Stevedore tables or is behind. */
    static Operator open(StoreUrl url) {
        return open(url, null);
    }

    /**
     * {@link #open(StoreUrl)}, with the node configured by the {@link WorkerModule}s of {@code classpath}
     * (the worker's {@code --classpath}) when it is not null.
     */
    static Operator open(StoreUrl url, @Nullable String classpath) {
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
            java.net.URLClassLoader loader = classpath == null ? null : WorkerClasspath.loader(WorkerClasspath.urls(classpath));
            try {
                return new Operator(store, loader, loader == null ? java.util.List.of() : WorkerClasspath.modules(loader, classpath));
            } catch (RuntimeException e) {
                closeQuietly(loader);
                throw e;
            }
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

    /** Closes the node, which closes the store, and the application's class loader. */
    @Override
    public void close() {
        node.close();
        closeQuietly(loader);
    }

    private static void closeQuietly(java.net.@Nullable URLClassLoader loader) {
        if (loader != null) {
            try {
                loader.close();
            } catch (java.io.IOException ignored) {
                // Nothing is left to read from it; the process ends soon after.
            }
        }
    }
}
