package dev.stevedore.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.spi.CronRow;
import dev.stevedore.spi.MigrationStatus;
import dev.stevedore.spi.StoreException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Migrations: explicit, idempotent, safe from many nodes at once, reversible to nothing. */
class PostgresMigrationTest {
    /** The newest schema version the jar ships. */
    private static final int LATEST = 21;
    private final String schema = PgTestDatabase.freshSchema("mig_");
    private final PostgresStore store = PostgresStore.builder().jdbcUrl(PgTestDatabase.url()).schema(schema).build();

    @AfterEach
    void close() {
        store.close();
        PgTestDatabase.dropSchema(schema);
    }

    @Test
    void constructionDoesNotMigrate() {
        assertThat(store.migrationStatus()).isEqualTo(new MigrationStatus(0, LATEST));
        assertThat(schemaExists()).isFalse();
        assertThatThrownBy(store::queueCounts).isInstanceOf(StoreException.class).hasMessageContaining("queueCounts");
    }

    @Test
    void concurrentMigrationsFromManyNodesAllSucceed() throws Exception {
        List<PostgresStore> nodes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                PostgresStore node = PostgresStore.builder().jdbcUrl(PgTestDatabase.url()).schema(schema).build();
                nodes.add(node);
                tasks.add(node::migrateUp);
            }
            for (Future<Integer> result : pool.invokeAll(tasks)) {
                assertThat(result.get()).isEqualTo(LATEST);
            }
        } finally {
            pool.shutdownNow();
            nodes.forEach(PostgresStore::close);
        }
        assertThat(store.migrationStatus()).isEqualTo(new MigrationStatus(LATEST, LATEST));
        assertThat(store.queueCounts()).isEmpty();
    }

    @Test
    void downToZeroDropsEverythingAndUpRestoresIt() throws Exception {
        assertThat(store.migrateUp()).isEqualTo(LATEST);
        assertThat(store.migrateUp()).isEqualTo(LATEST);
        assertThat(store.migrateDown(0)).isZero();
        assertThat(store.migrationStatus()).isEqualTo(new MigrationStatus(0, LATEST));
        assertThat(schemaExists()).isFalse();
        assertThat(store.migrateDown(0)).isZero();
        assertThat(store.migrateUp()).isEqualTo(LATEST);
        assertThat(store.queueCounts()).isEmpty();
        assertThatThrownBy(() -> store.migrateDown(LATEST + 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void downToOneRemovesQueueControlAndKeepsTheJobs() throws Exception {
        store.migrateUp();
        store.queuePause("mail");
        try (Connection c = PgTestDatabase.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO " + schema + ".jobs (kind, args) VALUES ('k', '{}')");
        }
        assertThat(store.migrateDown(1)).isEqualTo(1);
        assertThat(relationExists("queues")).isFalse();
        assertThat(relationExists("jobs_cancel_requested_idx")).isFalse();
        assertThat(columnsOfJobs()).doesNotContain("cancel_requested_at", "cancel_reason", "progress_percent",
                "progress_message", "output", "start_by", "deadline_at", "heartbeat_timeout_ms");
        assertThat(relationExists("jobs_start_by_idx")).isFalse();
        assertThat(store.migrateUp()).isEqualTo(LATEST);
        assertThat(columnsOfJobs()).contains("cancel_requested_at", "output", "start_by", "deadline_at",
                "heartbeat_timeout_ms");
        assertThat(store.queuePausedList()).as("pauses went with version 4").isEmpty();
        assertThat(store.queueCounts()).singleElement().extracting(c -> c.count()).isEqualTo(1L);
    }

    @Test
    void downToSixRemovesBatchesAndKeepsTheirJobs() throws Exception {
        store.migrateUp();
        long batch = store.batchInsert(new dev.stevedore.spi.NewBatch(null, "b", java.util.Map.of(), List.of(),
                List.of(new dev.stevedore.spi.NewJob("k", "q", "{}", 0, 1, dev.stevedore.JobState.AVAILABLE, null,
                        java.time.Duration.ZERO, null, List.of(), java.util.Map.of())), List.of())).id();
        assertThat(store.batchGet(batch)).isPresent();
        assertThat(store.migrateDown(6)).isEqualTo(6);
        assertThat(relationExists("batches")).isFalse();
        assertThat(relationExists("job_deps")).isFalse();
        assertThat(relationExists("batch_units")).isFalse();
        assertThat(relationExists("batches_ready")).isFalse();
        assertThat(columnsOf("jobs")).doesNotContain("batch_id");
        assertThat(store.migrateUp()).isEqualTo(LATEST);
        assertThat(store.batchGet(batch)).as("batches went with version 7").isEmpty();
        assertThat(store.queueCounts()).singleElement().extracting(c -> c.count()).isEqualTo(1L);
    }

    @Test
    void downToSevenRemovesCronControlAndUpFillsTheDeclarationOfSchedulesThatExist() throws Exception {
        store.migrateUp();
        store.cronDeclare("nightly", "0 3 * * *", "Europe/Paris", Instant.parse("2026-01-01T00:00:00Z"));
        store.cronDisable("nightly", "maintenance");
        store.fanOutStart("sync", "day-1");
        assertThat(store.migrateDown(7)).isEqualTo(7);
        assertThat(relationExists("cron_runs")).isFalse();
        assertThat(relationExists("fan_outs")).isFalse();
        assertThat(columnsOf("cron_schedules")).doesNotContain("declared_expression", "disabled_at", "queued_tick_at")
                .contains("expression", "last_tick_at");

        assertThat(store.migrateUp()).isEqualTo(LATEST);
        CronRow row = store.cronList().get(0);
        assertThat(row.declaredExpression()).isEqualTo("0 3 * * *");
        assertThat(row.declaredZone()).isEqualTo("Europe/Paris");
        assertThat(row.edit()).isNull();
        assertThat(row.enabled()).as("the disable went with version 8").isTrue();
        assertThat(row.lastTick()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void downToTwelveRemovesAlertsAndUpRestoresThem() throws Exception {
        store.migrateUp();
        store.alertFire(new dev.stevedore.spi.AlertFire("r", "s", "m", java.time.Duration.ZERO));
        assertThat(store.migrateDown(12)).isEqualTo(12);
        assertThat(relationExists("alerts")).isFalse();
        assertThat(relationExists("issues_regressed_idx")).isFalse();
        assertThat(columnsOf("issues")).doesNotContain("opened_by");
        assertThat(store.migrateUp()).isEqualTo(LATEST);
        assertThat(store.alertList(dev.stevedore.AlertQuery.latest(10))).as("alerts went with version 13").isEmpty();
        assertThat(columnsOf("issues")).contains("opened_by");
    }

    @Test
    void downToTenRemovesFailuresAndIssuesAndUpRestoresThem() throws Exception {
        store.migrateUp();
        store.failureRecord(List.of(new dev.stevedore.spi.FailureRecord("aaaa000000000001", 1, "k", "q", "{}",
                "java.io.IOException", "reset", "", dev.stevedore.ErrorCategory.TRANSIENT, true, 1, "n",
                java.time.Duration.ZERO, Instant.parse("2026-01-01T00:00:00Z"), List.of(), java.util.Map.of())));
        assertThat(store.migrateDown(10)).isEqualTo(10);
        assertThat(relationExists("failures")).isFalse();
        assertThat(relationExists("issues")).isFalse();
        assertThat(store.migrateUp()).isEqualTo(LATEST);
        assertThat(store.issueGet("aaaa000000000001")).as("issues went with version 11").isEmpty();
        assertThat(store.failureList(dev.stevedore.FailureQuery.newest(10))).isEmpty();
    }

    @Test
    void downKeepsASchemaThatHoldsSomethingElse() throws Exception {
        store.migrateUp();
        try (Connection c = PgTestDatabase.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + schema + ".app_table (x int)");
        }
        assertThat(store.migrateDown(0)).isZero();
        assertThat(schemaExists()).isTrue();
        assertThat(store.migrationStatus().applied()).isZero();
    }

    @Test
    void badSchemaNamesAreRefused() {
        assertThatThrownBy(() -> PostgresStore.builder().schema("Robert'); DROP TABLE jobs;--"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema");
        assertThatThrownBy(() -> PostgresStore.builder().build()).isInstanceOf(IllegalStateException.class);
    }

    private boolean relationExists(String name) throws Exception {
        try (Connection c = PgTestDatabase.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT to_regclass('" + schema + "." + name + "') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private List<String> columnsOfJobs() throws Exception {
        return columnsOf("jobs");
    }

    private List<String> columnsOf(String table) throws Exception {
        List<String> columns = new ArrayList<>();
        try (Connection c = PgTestDatabase.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT column_name FROM information_schema.columns WHERE table_schema = '"
                     + schema + "' AND table_name = '" + table + "'")) {
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
        }
        return columns;
    }

    private boolean schemaExists() {
        try (Connection c = PgTestDatabase.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_namespace WHERE nspname = '" + schema + "'")) {
            rs.next();
            return rs.getInt(1) == 1;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
