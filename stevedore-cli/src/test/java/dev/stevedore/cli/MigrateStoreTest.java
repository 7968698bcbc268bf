package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stevedore migrate-store}: an embedded file's jobs and cron schedules into a fresh PostgreSQL schema. */
class MigrateStoreTest {
    private static final long HOUR = 3_600_000;

    @TempDir
    Path dir;

    private final String schema = "cli_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
    private final String target = MigratePostgresTest.JDBC_URL + "&schema=" + schema;
    private Path file;

    @BeforeEach
    void fillTheFile() throws SQLException {
        file = dir.resolve("jobs.db");
        assertThat(CliRun.of("migrate", "up", "--database", "sqlite:" + file).code()).isZero();
        long now = System.currentTimeMillis();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("INSERT INTO jobs (kind, queue, state, args, tags, metadata, priority) VALUES"
                    + " ('email.send', 'mail', 'available', '{\"to\":\"ada@example.com\"}', '[\"signup\"]', '{\"tenant\":\"acme\"}', 5)");
            s.execute("INSERT INTO jobs (kind, queue, state, args, scheduled_at) VALUES ('report.nightly', 'default', 'scheduled', '{}', "
                    + (now + HOUR) + ")");
            s.execute("INSERT INTO jobs (kind, queue, state, args, attempt, attempted_at, attempted_by, unique_key, unique_states)"
                    + " VALUES ('sync.account', 'default', 'running', '{\"id\":7}', 2, " + now + ", 'dead-node', 'k7',"
                    + " ',scheduled,available,running,retryable,held,')");
            s.execute("INSERT INTO jobs (kind, queue, state, args, attempt, finished_at) VALUES ('email.send', 'mail', 'completed', '{}', 1, "
                    + now + ")");
            s.execute("INSERT INTO batches (id, created_at) VALUES (1, " + now + ")");
            s.execute("INSERT INTO jobs (kind, queue, state, args, batch_id) VALUES ('import.row', 'default', 'available', '{}', 1)");
            s.execute("INSERT INTO cron_schedules (name, expression, zone, last_tick_at, next_tick_at, updated_at,"
                    + " declared_expression, declared_zone) VALUES ('nightly', '0 0 3 * * *', 'UTC', " + (now - HOUR) + ", "
                    + (now + HOUR) + ", " + now + ", '0 0 3 * * *', 'UTC')");
        }
    }

    @AfterEach
    void dropSchema() throws SQLException {
        try (Connection c = DriverManager.getConnection(MigratePostgresTest.JDBC_URL); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void pendingJobsAndSchedulesMoveOnceAndTheFileIsLeftAsItWas() throws Exception {
        CliRun unmigrated = CliRun.of("migrate-store", "--from", "sqlite:" + file, "--to", target);
        assertThat(unmigrated.code()).as(unmigrated.toString()).isEqualTo(Main.FAILURE);
        assertThat(unmigrated.err()).contains("run with --migrate");

        CliRun moved = CliRun.of("migrate-store", "--from", "sqlite:" + file, "--to", target, "--migrate");
        assertThat(moved.code()).as(moved.toString()).isZero();
        assertThat(moved.out()).contains("moved 3 jobs from sqlite:" + file, "{available=1, running=1, scheduled=1}",
                "1 jobs stayed behind: they belong to batches that have not finished", "cron schedules: moved [nightly]");

        assertThat(targetRows("SELECT kind || '|' || queue || '|' || state || '|' || priority || '|' || attempt || '|'"
                + " || tags::text || '|' || coalesce(metadata ->> 'tenant', '-') FROM " + schema + ".jobs ORDER BY kind")).containsExactly(
                "email.send|mail|available|5|0|[\"signup\"]|acme",
                "report.nightly|default|scheduled|0|0|[]|-",
                "sync.account|default|available|0|2|[]|-");
        assertThat(targetRows("SELECT metadata ->> 'stevedore.moved_from' FROM " + schema + ".jobs WHERE kind = 'sync.account'"))
                .singleElement().asString().startsWith("sqlite:").endsWith("jobs.db#3");
        assertThat(targetRows("SELECT unique_key FROM " + schema + ".jobs WHERE kind = 'sync.account'")).containsExactly("k7");
        assertThat(targetRows("SELECT (scheduled_at > now() + interval '50 minutes')::text FROM " + schema
                + ".jobs WHERE kind = 'report.nightly'")).containsExactly("true");
        assertThat(targetRows("SELECT name || '|' || expression || '|' || (last_tick_at < now())::text FROM " + schema
                + ".cron_schedules")).containsExactly("nightly|0 0 3 * * *|true");

        CliRun again = CliRun.of("migrate-store", "--from", "sqlite:" + file, "--to", target, "--history");
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.out()).contains("moved 1 jobs", "{completed=1}", "3 jobs were moved by an earlier run",
                "already in the target, left as they are: [nightly]");
        assertThat(targetRows("SELECT count(*)::text FROM " + schema + ".jobs")).containsExactly("4");
        assertThat(sourceCount("SELECT count(*) FROM jobs WHERE state = 'running'")).as("the file is only read").isEqualTo(1);
    }

    @Test
    void aDryRunSaysWhatWouldMoveAndWritesNothing() throws Exception {
        assertThat(CliRun.of("migrate", "up", "--database", target).code()).isZero();
        CliRun dry = CliRun.of("migrate-store", "--from", "sqlite:" + file, "--to", target, "--dry-run", "--history");
        assertThat(dry.code()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("would move 4 jobs", "cron schedules: would move [nightly]");
        assertThat(targetRows("SELECT count(*)::text FROM " + schema + ".jobs")).containsExactly("0");
        assertThat(targetRows("SELECT count(*)::text FROM " + schema + ".cron_schedules")).containsExactly("0");
    }

    @Test
    void aFileWithALiveNodeOrTheWrongKindOfUrlIsRefused() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("INSERT INTO nodes (node_id, heartbeat_at) VALUES ('busy-node', " + System.currentTimeMillis() + ")");
        }
        CliRun live = CliRun.of("migrate-store", "--from", "sqlite:" + file, "--to", target, "--migrate");
        assertThat(live.code()).as(live.toString()).isEqualTo(Main.FAILURE);
        assertThat(live.err()).contains("a node is still running on sqlite:" + file + " (busy-node");

        CliRun missing = CliRun.of("migrate-store", "--from", "sqlite:" + dir.resolve("nope.db"), "--to", target);
        assertThat(missing.code()).isEqualTo(Main.USAGE);
        assertThat(missing.err()).contains("no such SQLite file");
        assertThat(dir.resolve("nope.db")).doesNotExist();
        CliRun swapped = CliRun.of("migrate-store", "--from", target, "--to", "sqlite:" + file);
        assertThat(swapped.code()).isEqualTo(Main.USAGE);
        assertThat(swapped.err()).contains("--from must be an embedded SQLite file");
    }

    private List<String> targetRows(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(MigratePostgresTest.JDBC_URL); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    private long sourceCount(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            return rs.getLong(1);
        }
    }
}
