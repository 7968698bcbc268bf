package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code migrate up/down/status} against a fresh schema of the real PostgreSQL. */
class MigratePostgresTest {
    /** The test database; override with STEVEDORE_TEST_PG_URL (a jdbc:postgresql: URL). */
    static final String JDBC_URL = System.getenv().getOrDefault("STEVEDORE_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private final String schema = "cli_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
    private final String url = JDBC_URL + (JDBC_URL.contains("?") ? "&" : "?") + "schema=" + schema;

    @AfterEach
    void dropSchema() throws SQLException {
        try (Connection c = DriverManager.getConnection(JDBC_URL); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void upStatusDownBothWays() throws SQLException {
        CliRun fresh = CliRun.of("migrate", "status", "--database", url);
        assertThat(fresh.code()).as(fresh.toString()).isZero();
        assertThat(fresh.out()).contains("schema version 0").contains("pending");
        assertThat(tableExists("jobs")).isFalse();

        CliRun up = CliRun.of("migrate", "up", "--database", url);
        assertThat(up.code()).as(up.toString()).isZero();
        assertThat(up.out()).contains("migrated to version");
        assertThat(tableExists("jobs")).isTrue();

        CliRun again = CliRun.of("migrate", "--database", url);
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.out()).contains("already at version");

        CliRun status = CliRun.of("migrate", "status", "--database", url);
        assertThat(status.out()).contains("(up to date)");

        CliRun enqueue = CliRun.of("enqueue", "--database", url, "--kind", "pg.test", "--args", "{\"n\":1}");
        assertThat(enqueue.code()).as(enqueue.toString()).isZero();
        CliRun table = CliRun.of("status", "--database", url);
        assertThat(table.out()).containsPattern("(?m)^default\\s+0\\s+1");

        CliRun down = CliRun.of("migrate", "down", "--to", "0", "--database", url);
        assertThat(down.code()).as(down.toString()).isZero();
        assertThat(down.out()).contains("reverted to version 0");
        assertThat(tableExists("jobs")).isFalse();

        CliRun reapplied = CliRun.of("migrate", "up", "--database", url);
        assertThat(reapplied.code()).as(reapplied.toString()).isZero();
        assertThat(tableExists("jobs")).isTrue();
    }

    @Test
    void commandsOnAnUnmigratedSchemaSayToMigrate() {
        CliRun enqueue = CliRun.of("enqueue", "--database", url, "--kind", "pg.test", "--args", "{}");
        assertThat(enqueue.code()).as(enqueue.toString()).isEqualTo(Main.USAGE);
        assertThat(enqueue.err()).contains("stevedore migrate up");
        CliRun status = CliRun.of("status", "--database", url);
        assertThat(status.code()).as(status.toString()).isEqualTo(Main.USAGE);
        assertThat(status.err()).contains("stevedore migrate up");
    }

    @Test
    void unreachableDatabaseIsOneMessageAndExit1() {
        CliRun run = CliRun.of("migrate", "status", "--database",
                "postgresql://127.0.0.1:1/test?user=postgres&connectTimeout=2&schema=" + schema);
        assertThat(run.code()).as(run.toString()).isEqualTo(Main.FAILURE);
        assertThat(run.err()).contains("stevedore migrate:").doesNotContain("\tat ");
    }

    private boolean tableExists(String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(JDBC_URL); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT to_regclass('" + schema + "." + table + "') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
