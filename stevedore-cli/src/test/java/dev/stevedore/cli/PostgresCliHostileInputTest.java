package dev.stevedore.cli;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/** The operator commands' hostile input against a schema of the real PostgreSQL. */
class PostgresCliHostileInputTest extends CliHostileInputContract {
    private final String schema = "cli_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));

    @Override
    String database() {
        String url = MigratePostgresTest.JDBC_URL;
        return url + (url.contains("?") ? "&" : "?") + "schema=" + schema;
    }

    @Override
    void dropDatabase() {
        try (Connection c = DriverManager.getConnection(MigratePostgresTest.JDBC_URL); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
