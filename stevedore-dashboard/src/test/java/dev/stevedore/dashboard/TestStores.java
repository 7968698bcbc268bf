package dev.stevedore.dashboard;

import dev.stevedore.postgres.PostgresStore;
import dev.stevedore.spi.Store;
import dev.stevedore.sqlite.SqliteStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/** A migrated store of each engine for one test class: its own SQLite file, or its own PostgreSQL schema. */
final class TestStores {
    /** The test database; override with STEVEDORE_TEST_PG_URL. */
    static final String PG_URL = System.getenv().getOrDefault("STEVEDORE_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private TestStores() {}

    /** A store and what removes it once closed. */
    record Opened(Store store, Runnable cleanup) {}

    static Opened sqlite() {
        try {
            Path dir = Files.createTempDirectory("stevedore-dashboard-");
            Store store = SqliteStore.file(dir.resolve("jobs.db"));
            store.migrateUp();
            return new Opened(store, () -> deleteTree(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Opened postgres() {
        String schema = "dash_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
        Store store = PostgresStore.builder().jdbcUrl(PG_URL).schema(schema).build();
        store.migrateUp();
        return new Opened(store, () -> {
            try (Connection c = DriverManager.getConnection(PG_URL); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
