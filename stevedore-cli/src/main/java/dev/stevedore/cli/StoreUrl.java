package dev.stevedore.cli;

import dev.stevedore.postgres.PostgresStore;
import dev.stevedore.spi.Store;
import dev.stevedore.sqlite.SqliteStore;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a command finds its jobs: an embedded SQLite file or a PostgreSQL schema. Parsed from the
 * {@code --database} option by {@link StoreUrls}.
 */
public sealed interface StoreUrl permits StoreUrl.Sqlite, StoreUrl.Postgres {

    /** Opens the store. SQLite migrates itself; PostgreSQL is left as it is (see {@code migrate}). */
    Store open();

    /** The URL for messages, with any password hidden. */
    String display();

    /**
     * An embedded SQLite file.
     *
     * @param file the database file (created when missing)
     */
    record Sqlite(Path file) implements StoreUrl {
        public Sqlite {
            Objects.requireNonNull(file, "file");
        }

        @Override
        public Store open() {
            return SqliteStore.file(file);
        }

        @Override
        public String display() {
            return "sqlite:" + file;
        }
    }

    /**
     * A PostgreSQL schema.
     *
     * @param jdbcUrl the pgjdbc URL, without the {@code schema} parameter
     * @param schema  the schema holding Stevedore's tables
     */
    record Postgres(String jdbcUrl, String schema) implements StoreUrl {
        public Postgres {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            Objects.requireNonNull(schema, "schema");
        }

        @Override
        public Store open() {
            return PostgresStore.builder().jdbcUrl(jdbcUrl).schema(schema).build();
        }

        @Override
        public String display() {
            return StoreUrls.redact(jdbcUrl) + " (schema " + schema + ")";
        }

        @Override
        public String toString() {
            return "Postgres[" + display() + "]";
        }
    }
}
