package dev.stevedore.postgres;

import dev.stevedore.spi.jdbc.NamedQueries;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL that tests run against, and throwaway schemas in it.
 *
 * <p>The URL comes from the environment variable {@value #URL_VARIABLE}, default
 * {@value #DEFAULT_URL}. Tests isolate themselves with a fresh schema each ({@link #freshSchema}) and
 * drop it afterwards ({@link #dropSchema}), so they can run in parallel on one database.
 */
public final class PgTestDatabase {
    /** Environment variable holding the JDBC URL of the test database. */
    public static final String URL_VARIABLE = "STEVEDORE_TEST_PG_URL";
    /** The URL used when {@value #URL_VARIABLE} is unset: the local server, trust auth. */
    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    private static final SecureRandom RANDOM = new SecureRandom();

    private PgTestDatabase() {}

    /** The JDBC URL of the test database. */
    public static String url() {
        String url = System.getenv(URL_VARIABLE);
        return url == null || url.isBlank() ? DEFAULT_URL : url;
    }

    /** The URL with extra query parameters, e.g. {@code "prepareThreshold=0"}. */
    public static String url(String extraParameters) {
        String base = url();
        return base + (base.contains("?") ? "&" : "?") + extraParameters;
    }

    /**
     * An unpooled data source for the test database (pgjdbc's {@code PGSimpleDataSource}): every
     * {@code getConnection} opens a new connection, so there is nothing to close.
     */
    public static DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url());
        return dataSource;
    }

    /** A new auto-commit connection to the test database. */
    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(url());
    }

    /** The first column of the first row of {@code query}, as a long, on a connection of its own. */
    public static long scalar(String query) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Runs {@code statement} on a connection of its own. */
    public static void execute(String statement) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    /** A schema name not used before: {@code prefix} and 12 random hex digits. */
    public static String freshSchema(String prefix) {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }

    /** Drops {@code schema} and everything in it, if it exists. */
    public static void dropSchema(String schema) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + NamedQueries.checkSchema(schema) + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test schema " + schema, e);
        }
    }

    /** A migrated store with its own pool on a fresh schema of the test database. */
    public static PostgresStore migratedStore(String schema) {
        PostgresStore store = PostgresStore.builder().jdbcUrl(url()).schema(schema).build();
        store.migrateUp();
        return store;
    }
}
