package dev.stevedore.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.Job;
import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.CronRow;
import dev.stevedore.spi.jdbc.NamedQueries;
import dev.stevedore.spi.jdbc.NamedSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SQLite-specific behaviour beyond the conformance suite: malformed args text, the claim's index plan. */
class SqliteStoreTest {
    private final TestClock clock = new TestClock();
    private final SqliteFixture fixture = new SqliteFixture(clock);
    private final SqliteStore store = fixture.store();

    @AfterEach
    void close() {
        fixture.close();
    }





    @Test
    void corruptJsonInARowDoesNotStopAClaimOrACompletion() throws SQLException {
        long id = store.jobInsertMany(List.of(Jobs.available("q"))).get(0);
        try (Connection c = fixture.connection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE jobs SET errors = '[{broken', tags = '{\"not\":\"a list\"}', args = '{nope' WHERE id = " + id);
        }
        long good = store.jobInsertMany(List.of(Jobs.available("q"))).get(0);
        List<Job> claimed = store.jobClaim(new ClaimRequest("q", "n", 5));
        assertThat(claimed).extracting(Job::id).containsExactly(id, good);
        assertThat(claimed.get(0).errors()).isEmpty();
        assertThat(claimed.get(0).tags()).isEmpty();
        assertThat(claimed.get(0).args()).isEqualTo("{nope");

        assertThat(store.jobCompleteMany(List.of(Jobs.failed(id, 1, Duration.ZERO), Jobs.done(good, 1))))
                .containsExactlyInAnyOrder(id, good);
        assertThat(store.jobGet(id).orElseThrow().errors()).singleElement()
                .satisfies(e -> assertThat(e.message()).isEqualTo("boom 1"));
    }




    @Test
    void theClaimWalksThePartialIndex() throws SQLException {
        try (Connection c = fixture.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("EXPLAIN QUERY PLAN SELECT id FROM jobs WHERE state = 'available' AND "
                     + "queue = 'q' ORDER BY priority DESC, scheduled_at, id LIMIT 5")) {
            StringBuilder plan = new StringBuilder();
            while (rs.next()) {
                plan.append(rs.getString("detail")).append('\n');
            }
            assertThat(plan.toString()).contains("jobs_claim_idx").doesNotContain("TEMP B-TREE");
        }
    }

    @Test
    void theClaimWithItsPauseCheckStillWalksThePartialIndexAndProbesQueuesOnce() throws SQLException {
        NamedSql claim = NamedQueries.load(SqliteStore.class, "queries.sql", Migrator.SCHEMA).get("job_claim");
        try (Connection c = fixture.connection();
             PreparedStatement explain = c.prepareStatement("EXPLAIN QUERY PLAN " + claim.sql())) {
            claim.bind(explain, Map.of("queue", "q", "limit", 5, "node", "n", "now", 0L));
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = explain.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString("detail")).append('\n');
                }
            }
            assertThat(plan.toString()).contains("jobs_claim_idx").doesNotContain("TEMP B-TREE")
                    .doesNotContain("CORRELATED").contains("queues");
        }
    }

    @Test
    void migratingDownToOneRemovesQueueControlAndUpRestoresIt() throws SQLException {
        store.queuePause("mail");
        long id = store.jobInsertMany(List.of(Jobs.available("q"))).get(0);
        assertThat(store.migrateDown(1)).isEqualTo(1);
        try (Connection c = fixture.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT group_concat(name) FROM pragma_table_info('jobs')")) {
            rs.next();
            assertThat(rs.getString(1)).doesNotContain("cancel_requested_at").doesNotContain("progress")
                    .doesNotContain("output").doesNotContain("start_by").doesNotContain("deadline_at")
                    .doesNotContain("heartbeat_timeout_ms");
        }
        assertThat(store.migrateUp()).isEqualTo(store.migrationStatus().latest());
        assertThat(store.queuePausedList()).isEmpty();
        assertThat(store.jobGet(id)).isPresent();
    }

    @Test
    void migratingDownToSixRemovesBatchesAndKeepsTheirJobs() throws SQLException {
        long batch = store.batchInsert(new dev.stevedore.spi.NewBatch(null, "b", Map.of(), List.of(),
                List.of(Jobs.available("q")), List.of())).id();
        assertThat(store.migrateDown(6)).isEqualTo(6);
        try (Connection c = fixture.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT group_concat(name) FROM pragma_table_info('jobs')),"
                     + " (SELECT count(*) FROM sqlite_master WHERE name IN ('batches', 'job_deps', 'batch_units', 'batches_ready'))")) {
            rs.next();
            assertThat(rs.getString(1)).doesNotContain("batch_id");
            assertThat(rs.getInt(2)).isZero();
        }
        assertThat(store.migrateUp()).isEqualTo(store.migrationStatus().latest());
        assertThat(store.batchGet(batch)).isEmpty();
        assertThat(store.queueCounts()).singleElement().extracting(q -> q.count()).isEqualTo(1L);
    }

    @Test
    void migratingDownToTwelveRemovesAlertsAndUpRestoresThem() throws SQLException {
        store.alertFire(new dev.stevedore.spi.AlertFire("r", "s", "m", java.time.Duration.ZERO));
        assertThat(store.migrateDown(12)).isEqualTo(12);
        try (Connection c = fixture.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name IN ('alerts', 'issues_regressed_idx')")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
        assertThat(store.migrateUp()).isEqualTo(store.migrationStatus().latest());
        assertThat(store.alertList(dev.stevedore.AlertQuery.latest(10))).as("alerts went with version 13").isEmpty();
    }

    @Test
    void migratingDownToTenRemovesFailuresAndIssuesAndUpRestoresThem() throws SQLException {
        store.failureRecord(List.of(new dev.stevedore.spi.FailureRecord("aaaa000000000001", 1, "k", "q", "{}",
                "java.io.IOException", "reset", "", dev.stevedore.ErrorCategory.TRANSIENT, true, 1, "n",
                java.time.Duration.ZERO, Instant.parse("2026-01-01T00:00:00Z"), List.of(), Map.of())));
        assertThat(store.migrateDown(10)).isEqualTo(10);
        try (Connection c = fixture.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name IN ('failures', 'issues')")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
        assertThat(store.migrateUp()).isEqualTo(store.migrationStatus().latest());
        assertThat(store.issueGet("aaaa000000000001")).as("issues went with version 11").isEmpty();
        assertThat(store.failureList(dev.stevedore.FailureQuery.newest(10))).isEmpty();
    }

    @Test
    void migratingDownToSevenRemovesCronControlAndUpFillsTheDeclarationOfSchedulesThatExist() throws SQLException {
        store.cronDeclare("nightly", "0 3 * * *", "Europe/Paris", Instant.parse("2026-01-01T00:00:00Z"));
        store.cronDisable("nightly", "maintenance");
        store.fanOutStart("sync", "day-1");
        assertThat(store.migrateDown(7)).isEqualTo(7);
        try (Connection c = fixture.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT group_concat(name) FROM pragma_table_info('cron_schedules')");
             Statement t = c.createStatement();
             ResultSet tables = t.executeQuery("SELECT count(*) FROM sqlite_master WHERE name IN ('cron_runs', 'fan_outs')")) {
            rs.next();
            assertThat(rs.getString(1)).contains("last_tick_at").doesNotContain("declared_expression")
                    .doesNotContain("disabled_at").doesNotContain("queued_tick_at");
            tables.next();
            assertThat(tables.getInt(1)).isZero();
        }
        assertThat(store.migrateUp()).isEqualTo(store.migrationStatus().latest());
        CronRow row = store.cronList().get(0);
        assertThat(row.declaredExpression()).isEqualTo("0 3 * * *");
        assertThat(row.declaredZone()).isEqualTo("Europe/Paris");
        assertThat(row.edit()).isNull();
        assertThat(row.enabled()).as("the disable went with version 8").isTrue();
    }

    @Test
    void completionsProbeRowidsEvenWhenStatisticsSayFewJobsRun() throws SQLException {
        // ANALYZE taken while one job runs makes jobs_running_idx look like the cheapest way in; the
        // completion must still drive rowid probes from its batch, not scan that index per batch row.
        long id = store.jobInsertMany(List.of(Jobs.available("q"))).get(0);
        store.jobClaim(new ClaimRequest("q", "n", 1));
        store.jobInsertMany(java.util.stream.IntStream.range(0, 2_000).mapToObj(i -> Jobs.available("other")).toList());
        NamedSql complete = NamedQueries.load(SqliteStore.class, "queries.sql", Migrator.SCHEMA).get("job_complete_many");
        try (Connection c = fixture.connection(); Statement s = c.createStatement()) {
            s.execute("ANALYZE");
            try (PreparedStatement explain = c.prepareStatement("EXPLAIN QUERY PLAN " + complete.sql())) {
                complete.bind(explain, Map.of("batch", "[[" + id + ",1,\"completed\",0,null,null,0]]", "now", 0L));
                StringBuilder plan = new StringBuilder();
                try (ResultSet rs = explain.executeQuery()) {
                    while (rs.next()) {
                        plan.append(rs.getString("detail")).append('\n');
                    }
                }
                assertThat(plan.toString()).contains("INTEGER PRIMARY KEY").doesNotContain("jobs_running_idx");
            }
        }
        assertThat(store.jobCompleteMany(List.of(Jobs.done(id, 1)))).containsExactly(id);
    }
}
