package dev.stevedore.bench;

import dev.stevedore.postgres.PostgresStore;
import dev.stevedore.spi.Store;
import dev.stevedore.spi.jdbc.NamedQueries;
import dev.stevedore.sqlite.SqliteStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The database a benchmark runs against, fresh for the run and cleaned up by {@link #close()}: a new
 * SQLite file (deleted afterwards) or a new PostgreSQL schema {@code bench_<random>} (dropped afterwards).
 * Every phase opens its own store on it.
 */
public sealed interface BenchTarget extends AutoCloseable permits BenchTarget.SqliteFile, BenchTarget.PostgresSchema {

    /** {@code sqlite} or {@code postgresql}. */
    String engine();

    /** Where, for the report (no password). */
    String location();

    /** A store on the target, migrated. The caller closes it. */
    Store open();

    /** Removes what the run created. */
    @Override
    void close();

    /** A new SQLite file in the temporary directory. */
    static BenchTarget sqliteTempFile() {
        try {
            Path dir = Files.createTempDirectory("stevedore-bench-");
            return new SqliteFile(dir.resolve("bench.db"), dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the benchmark", e);
        }
    }

    /** A SQLite file at {@code file}, which must not exist yet; deleted afterwards. */
    static BenchTarget sqliteFile(Path file) {
        if (Files.exists(file)) {
            throw new IllegalArgumentException("the benchmark needs a new SQLite file, and " + file
                    + " exists: remove it or name another");
        }
        return new SqliteFile(file, null);
    }

    /** A new schema {@code bench_<random>} in the database at {@code jdbcUrl}, dropped afterwards. */
    static PostgresSchema postgres(String jdbcUrl) {
        byte[] bytes = new byte[5];
        new SecureRandom().nextBytes(bytes);
        return new PostgresSchema(jdbcUrl, "bench_" + HexFormat.of().formatHex(bytes));
    }

    /**
     * A SQLite file.
     *
     * @param file      the database file
     * @param directory a temporary directory holding it, deleted afterwards, or null
     */
    record SqliteFile(Path file, @Nullable Path directory) implements BenchTarget {
        @Override
        public String engine() {
            return "sqlite";
        }

        @Override
        public String location() {
            return file.toString();
        }

        @Override
        public Store open() {
            return SqliteStore.file(file);
        }

        @Override
        public void close() {
            try {
                for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
                    Files.deleteIfExists(Path.of(file + suffix));
                }
                if (directory != null) {
                    Files.deleteIfExists(directory);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the benchmark file " + file, e);
            }
        }
    }

    /**
     * A PostgreSQL schema.
     *
     * @param jdbcUrl the database
     * @param schema  the schema created for the run
     */
    record PostgresSchema(String jdbcUrl, String schema) implements BenchTarget {
        public PostgresSchema {
            NamedQueries.checkSchema(schema);
        }

        @Override
        public String engine() {
            return "postgresql";
        }

        @Override
        public String location() {
            int query = jdbcUrl.indexOf('?');
            return (query < 0 ? jdbcUrl : jdbcUrl.substring(0, query)) + " schema " + schema;
        }

        @Override
        public Store open() {
            PostgresStore store = PostgresStore.builder().jdbcUrl(jdbcUrl).schema(schema).build();
            try {
                store.migrateUp();
                return store;
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
        }

        @Override
        public void close() {
            String drop = NamedQueries.load(BenchTarget.class, "pg_stats.sql", schema).get("drop_schema").sql();
            try (Connection c = DriverManager.getConnection(jdbcUrl); PreparedStatement s = c.prepareStatement(drop)) {
                s.execute();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot drop the benchmark schema " + schema + ": " + e.getMessage(), e);
            }
        }

        @Override
        public String toString() {
            return "PostgresSchema[" + location() + "]";
        }
    }
}
