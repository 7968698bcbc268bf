package dev.stevedore.test;

import dev.stevedore.spi.jdbc.NamedQueries;
import dev.stevedore.postgres.PostgresStore;
import dev.stevedore.spi.StoreException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * A schema of the test's own on a PostgreSQL database, dropped afterwards, whose clock follows the test's.
 *
 * <p>The store reads time only through {@code now()} and {@code clock_timestamp()} in its SQL. A second
 * schema, {@code <schema>_clock}, holds functions of those names that add the test's shift (one row it
 * updates on {@link StevedoreTest#advance}) to PostgreSQL's own, and the store's connections put that schema
 * before {@code pg_catalog} on their search path, so every statement the store runs (and every column
 * default its migrations create) reads the moved clock. The server's clock itself, other connections and
 * other schemas are untouched.
 */
final class PostgresTestStore implements TestStore {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final String url;
    private final String schema;
    private final String clockSchema;
    private final PostgresStore store;

    private PostgresTestStore(String url, String schema, PostgresStore store) {
        this.url = url;
        this.schema = schema;
        this.clockSchema = schema + "_clock";
        this.store = store;
    }

    static PostgresTestStore create(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("postgres(url) takes a JDBC URL starting with jdbc:postgresql:, was "
                    + withoutParameters(url));
        }
        if (lower.contains("currentschema=") || lower.contains("options=")) {
            throw new IllegalArgumentException("the JDBC URL must not set currentSchema or options: the test sets the "
                    + "search path of its own schema (was " + withoutParameters(url) + "?...)");
        }
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        String schema = "stevedore_test_" + HexFormat.of().formatHex(random);
        String clockSchema = schema + "_clock";
        execute(url, clock(clockSchema), "create_schema", "create_shift", "insert_shift", "create_now",
                "create_clock_timestamp");
        String storeUrl = url + (url.contains("?") ? "&" : "?") + "options="
                + URLEncoder.encode("-c search_path=" + clockSchema + ",pg_catalog,public", StandardCharsets.UTF_8);
        PostgresStore store = null;
        try {
            store = PostgresStore.builder().jdbcUrl(storeUrl).schema(schema).notifications(false).build();
            store.migrateUp();
            return new PostgresTestStore(url, schema, store);
        } catch (RuntimeException e) {
            if (store != null) {
                store.close();
            }
            dropSchemas(url, schema, clockSchema);
            throw e;
        }
    }

    /** The clock's statements for the clock schema {@code clockSchema} (clock_postgres.sql). */
    private static NamedQueries clock(String clockSchema) {
        return NamedQueries.load(PostgresTestStore.class, "clock_postgres.sql", clockSchema);
    }

    @Override
    public PostgresStore store() {
        return store;
    }

    @Override
    public void shifted(Duration total) {
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement update = clock(clockSchema).get("set_shift").prepare(c, Map.of("micros", total.toNanos() / 1_000))) {
            update.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot move the clock of test schema " + schema + ": " + e.getMessage(), e);
        }
    }

    /** The store's schema; its clock lives in {@code <schema>_clock}. */
    String schema() {
        return schema;
    }

    @Override
    public String describe() {
        return "PostgreSQL schema " + schema;
    }

    @Override
    public void delete() {
        dropSchemas(url, schema, clockSchema);
    }

    private static void dropSchemas(String url, String schema, String clockSchema) {
        execute(url, clock(schema), "drop_schema");
        execute(url, clock(clockSchema), "drop_schema");
    }

    private static void execute(String url, NamedQueries queries, String... statements) {
        try (Connection c = DriverManager.getConnection(url)) {
            for (String statement : statements) {
                try (PreparedStatement ps = queries.get(statement).prepare(c, Map.of())) {
                    ps.execute();
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot prepare a PostgreSQL schema for the test at " + withoutParameters(url) + ": "
                    + e.getMessage(), e);
        }
    }

    /** The URL without its parameters, which may hold a password: for messages. */
    private static String withoutParameters(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
