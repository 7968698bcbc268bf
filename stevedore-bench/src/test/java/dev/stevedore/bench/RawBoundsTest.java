package dev.stevedore.bench;

import static dev.stevedore.bench.BenchmarkTest.PG_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.spi.jdbc.NamedQueries;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** {@code --raw} at a tiny size: each throughput phase gets a real bound, and both schemas go away. */
class RawBoundsTest {
    private static final int JOBS = 2_000;
    private static final BenchOptions TINY = new BenchOptions(JOBS, 200, 10, Duration.ofMillis(10), 100,
            Duration.ofMillis(200), 500, 0);

    @Test
    void rawRunBoundsEveryThroughputPhaseAndDropsBothSchemas() throws Exception {
        BenchTarget.PostgresSchema store = BenchTarget.postgres(PG_URL);
        BenchTarget.PostgresSchema raw = BenchTarget.postgres(PG_URL);
        StringWriter progress = new StringWriter();
        BenchReport report;
        try (store; raw) {
            report = new Benchmark(store, raw, TINY, new PrintWriter(progress)).run();
            // The last raw drain ran on its queue emptied and refilled with exactly JOBS rows: all completed.
            assertThat(rows(raw, RawBounds.DRAIN_QUEUE, "completed")).isEqualTo(JOBS);
            assertThat(rows(raw, RawBounds.DRAIN_QUEUE, "running")).isZero();
            assertThat(rows(raw, RawBounds.DRAIN_QUEUE, "available")).isZero();
            // Only the drain queue is emptied between drains: every drain ran beside the same other rows.
            assertThat(rows(raw, RawBounds.SINGLE_QUEUE, "available")).isEqualTo(200);
            // The warm-up drained its 1,000 inserted (5 x the single phase) and 2,000 copied rows.
            assertThat(rows(raw, RawBounds.WARMUP_QUEUE, "completed")).isEqualTo(3_000);
            assertThat(rows(raw, RawBounds.WARMUP_QUEUE, "available")).isZero();
            // Each of the raw pickup's rows was claimed by the claim after its own INSERT.
            assertThat(rows(raw, RawBounds.PICKUP_QUEUE, "running")).isEqualTo(10);
            assertThat(rows(raw, RawBounds.PICKUP_QUEUE, "available")).isZero();
        }
        assertThat(BenchmarkTest.schemaExists(store.schema())).isFalse();
        assertThat(BenchmarkTest.schemaExists(raw.schema())).isFalse();

        assertThat(report.phases()).extracting(BenchReport.Phase::jobs).containsExactly(200L, 2_000L, 2_000L, 10L, 10L);
        assertThat(report.phases().subList(0, 3)).allSatisfy(p -> {
            assertThat(p.rawJobsPerSecond()).isPositive();
            assertThat(p.ratio()).isCloseTo(p.jobsPerSecond() / p.rawJobsPerSecond(), within(1e-9));
        });
        assertThat(report.phases().subList(3, 5)).allSatisfy(latency -> {
            assertThat(latency.rawJobsPerSecond()).isNull();
            assertThat(latency.ratio()).isNull();
        });

        // Fewer commits than claims would mean statistics were read before the backends flushed them.
        BenchReport.Phase drain = report.phases().get(2);
        assertThat(drain.transactionsPerJob()).isGreaterThanOrEqualTo(1.0 / RawDrain.CLAIM_BATCH);
        assertThat(drain.rawTransactionsPerJob()).isGreaterThanOrEqualTo(2.0 / RawDrain.CLAIM_BATCH);
        assertThat(report.phases().subList(0, 2)).allSatisfy(p -> assertThat(p.transactionsPerJob()).isNull());
        // The bound's processor time is its own: the raw loop's client, beside the store's drain. The JVM's
        // share is read in clock ticks (10 ms), which a loop of 2,000 jobs on a busy machine can stay under.
        assertThat(drain.rawCpu()).isNotNull().isNotEqualTo(drain.cpu());
        assertThat(drain.rawCpu().jvmMicros()).isNotNegative();

        assertThat(progress.toString()).contains("(a') raw single INSERT", "(b') raw COPY", "(c') raw drain", "(d') raw pickup",
                "    1 connection(s): ", "    2 connection(s): ", "    4 connection(s): ", "    bound: ");

        StringWriter table = new StringWriter();
        report.print(new PrintWriter(table));
        assertThat(table.toString()).contains("BOUND/S", "RATIO", String.format(Locale.ROOT, "%.2f",
                drain.ratio()), "transactions per job (plain SQL: ", "; plain SQL: its client ",
                "plain SQL (an INSERT, then the claim of its row on a second connection, as far apart): p50 ");
        JsonNode json = new ObjectMapper().readTree(report.toJson()).get("phases");
        assertThat(json.get(2).get("rawJobsPerSecond").asDouble()).isEqualTo(drain.rawJobsPerSecond());
        assertThat(json.get(2).get("ratio").asDouble()).isEqualTo(drain.ratio());
        assertThat(json.get(2).get("transactionsPerJob").asDouble()).isEqualTo(drain.transactionsPerJob());
        assertThat(json.get(3).get("ratio").isNull()).isTrue();
        assertThat(json.get(2).get("rawCpu").get("jvmMicros").asDouble()).isEqualTo(drain.rawCpu().jvmMicros());
    }

    @Test
    void rawDrainThatCompletesFewerRowsThanExpectedFails() throws Exception {
        BenchTarget.PostgresSchema raw = BenchTarget.postgres(PG_URL);
        try (raw) {
            RawBounds bounds = new RawBounds(raw, TINY, new PrintWriter(new StringWriter()));
            bounds.prepare(); // warms up and drains its own rows
            bounds.copy(); // leaves JOBS rows available in the drain queue
            RawDrain drain = new RawDrain(raw.jdbcUrl(),
                    NamedQueries.load(RawBounds.class, "raw.sql", raw.schema()),
                    new CommitCounter(raw));
            assertThatThrownBy(() -> drain.run(RawBounds.DRAIN_QUEUE, 2, JOBS + 1))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("completed " + JOBS + " jobs and the table holds " + JOBS + " completed jobs")
                    .hasMessageContaining("expected " + (JOBS + 1));
        }
    }

    @Test
    void rawClaimBatchIsTheRuntimesDefault() throws Exception {
        // Package-private in stevedore-core, so read reflectively: the copy must not drift from it.
        Field runtimeDefault = Class.forName("dev.stevedore.RuntimeSettings").getDeclaredField("DEFAULT_CLAIM_BATCH");
        runtimeDefault.setAccessible(true);
        assertThat(RawDrain.CLAIM_BATCH).isEqualTo(runtimeDefault.getInt(null));
    }

    @Test
    void aRawSchemaMustNotBeTheStoresOwn() {
        BenchTarget.PostgresSchema schema = BenchTarget.postgres(PG_URL);
        assertThatThrownBy(() -> new Benchmark(schema, schema, TINY, new PrintWriter(new StringWriter())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema of their own");
    }

    private static long rows(BenchTarget.PostgresSchema target, String queue, String state) throws Exception {
        try (Connection c = DriverManager.getConnection(PG_URL);
             PreparedStatement ps = c.prepareStatement(
                     "SELECT count(*) FROM " + target.schema() + ".jobs WHERE queue = ? AND state = ?")) {
            ps.setString(1, queue);
            ps.setString(2, state);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
