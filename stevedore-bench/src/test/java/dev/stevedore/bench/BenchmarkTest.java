package dev.stevedore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A small run of every phase on each engine: the benchmark measures what it says and cleans up. */
class BenchmarkTest {
    static final String PG_URL = System.getenv().getOrDefault("STEVEDORE_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    private static final BenchOptions SMALL = new BenchOptions(600, 50, 10, Duration.ofMillis(20), 100,
            Duration.ofMillis(200), 250, 0);

    @Test
    void sqliteRunMeasuresEveryPhaseAndDeletesItsFile() throws Exception {
        BenchReport report;
        BenchTarget.SqliteFile target = (BenchTarget.SqliteFile) BenchTarget.sqliteTempFile();
        try (target) {
            report = new Benchmark(target, SMALL, new PrintWriter(new StringWriter())).run();
            assertThat(target.file()).exists();
        }
        assertThat(target.file()).doesNotExist();
        assertThat(target.directory()).satisfies(dir -> assertThat(Files.exists(dir)).isFalse());
        assertReport(report, "sqlite");
    }

    @Test
    void observabilityPhaseDrainsWithMetersAndSpansAndUninstallsTheSdk() throws Exception {
        StringWriter progress = new StringWriter();
        BenchReport report;
        try (BenchTarget target = BenchTarget.sqliteTempFile()) {
            report = new Benchmark(target, SMALL, new PrintWriter(progress, true)).withObservability().run();
        }
        BenchReport.Phase observed = report.phases().get(report.phases().size() - 1);
        assertThat(observed.name()).isEqualTo("drain, observability on");
        assertThat(observed.jobs()).isEqualTo(600);
        assertThat(observed.jobsPerSecond()).isPositive();
        // Every job's span reached the exporter, and the SDK is gone for whatever runs next in the process.
        assertThat(progress.toString()).contains("600 spans exported");
        assertThat(io.opentelemetry.api.GlobalOpenTelemetry.isSet()).isFalse();
    }

    @Test
    void spanSamplingRecordsOnlyThatShareOfTheJobsSpans() throws Exception {
        StringWriter progress = new StringWriter();
        try (BenchTarget target = BenchTarget.sqliteTempFile()) {
            new Benchmark(target, SMALL, new PrintWriter(progress, true)).withObservability().withSpanSampling(0.1).run();
        }
        java.util.regex.Matcher exported = java.util.regex.Pattern.compile("([0-9,]+) spans exported").matcher(progress.toString());
        assertThat(exported.find()).as(progress.toString()).isTrue();
        // A tenth of 600 by trace id: 60 expected; outside 1..299 has a chance below one in 10^20.
        assertThat(Long.parseLong(exported.group(1).replace(",", ""))).isBetween(1L, 299L);
        assertThat(progress.toString()).contains("spans sampled: 0.1 of jobs");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Benchmark(BenchTarget.sqliteTempFile(), SMALL,
                new PrintWriter(progress, true)).withSpanSampling(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void observabilityRoundsPairAnOrdinaryDrainWithAnObservedOneEachRound() throws Exception {
        BenchReport report;
        StringWriter progress = new StringWriter();
        try (BenchTarget target = BenchTarget.sqliteTempFile()) {
            report = new Benchmark(target, SMALL, new PrintWriter(progress, true))
                    .withObservability(java.util.Set.of("alerts")).withObservabilityRounds(3).run();
        }
        java.util.List<String> names = report.phases().stream().map(BenchReport.Phase::name).toList();
        assertThat(names).containsSubsequence("drain, alerts on", "drain (round 2)", "drain, alerts on (round 2)",
                "drain (round 3)", "drain, alerts on (round 3)");
        assertThat(report.phases()).filteredOn(p -> p.name().startsWith("drain")).allMatch(p -> p.jobs() == 600);
        // Every drain of a pair starts from a settled table: once after the warm-up, then before each of six.
        assertThat(progress.toString().split("\n    ANALYZE in ", -1)).hasSize(1 + 1 + 6);
    }

    @Test
    void observabilityPartsSwitchOnOnlyWhatIsNamed() throws Exception {
        StringWriter progress = new StringWriter();
        BenchReport report;
        try (BenchTarget target = BenchTarget.sqliteTempFile()) {
            report = new Benchmark(target, SMALL, new PrintWriter(progress, true))
                    .withObservability(java.util.Set.of("alerts")).run();
        }
        assertThat(report.phases().get(report.phases().size() - 1).name()).isEqualTo("drain, alerts on");
        assertThat(progress.toString()).contains("0 spans exported, 0 scrapes");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Benchmark(BenchTarget.sqliteTempFile(), SMALL,
                        new PrintWriter(progress, true)).withObservability(java.util.Set.of("logs")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("meters");
    }

    @Test
    void healthPhaseTimesReadsOfAQueueWithItsBacklogLeftReady() throws Exception {
        StringWriter progress = new StringWriter();
        BenchReport report;
        try (BenchTarget target = BenchTarget.sqliteTempFile()) {
            report = new Benchmark(target, SMALL, new PrintWriter(progress, true)).withHealthRead().run();
        }
        BenchReport.Phase health = report.phases().get(report.phases().size() - 1);
        assertThat(health.name()).isEqualTo("queue health read (600 ready jobs, 20 reads)");
        assertThat(health.jobs()).isEqualTo(600);
        assertThat(health.p50Millis()).isPositive();
        assertThat(health.maxMillis()).isGreaterThanOrEqualTo(health.p99Millis()).isGreaterThanOrEqualTo(health.p50Millis());
        assertThat(progress.toString()).contains("(f) queue health read: 600 ready jobs in three priorities, 20 reads");
    }

    @Test
    void postgresRunUsesAFreshSchemaAndDropsIt() throws Exception {
        BenchReport report;
        BenchTarget.PostgresSchema target = BenchTarget.postgres(PG_URL);
        assertThat(target.schema()).matches("bench_[0-9a-f]{10}");
        try (target) {
            report = new Benchmark(target, SMALL, new PrintWriter(new StringWriter())).run();
            assertThat(schemaExists(target.schema())).isTrue();
        }
        assertThat(schemaExists(target.schema())).isFalse();
        assertReport(report, "postgresql");
    }

    private static void assertReport(BenchReport report, String engine) throws Exception {
        assertThat(report.engine()).isEqualTo(engine);
        // PostgreSQL also times pickups of jobs enqueued by another client (woken by NOTIFY, not in-process).
        boolean postgres = engine.equals("postgresql");
        List<Long> jobs = postgres ? List.of(50L, 600L, 600L, 10L, 10L) : List.of(50L, 600L, 600L, 10L);
        assertThat(report.phases()).extracting(BenchReport.Phase::jobs).containsExactlyElementsOf(jobs);
        assertThat(report.phases().subList(0, 3)).allSatisfy(p -> assertThat(p.jobsPerSecond()).isPositive());
        assertThat(report.phases().subList(3, jobs.size())).allSatisfy(latency -> {
            assertThat(latency.jobsPerSecond()).isNull();
            assertThat(latency.p50Millis()).isPositive().isLessThanOrEqualTo(latency.p99Millis());
            assertThat(latency.p99Millis()).isLessThanOrEqualTo(latency.maxMillis());
        });
        assertThat(report.phases().get(3).name()).startsWith("pickup latency (idle node");
        if (postgres) {
            assertThat(report.phases().get(4).name()).startsWith("pickup latency (another client");
        }

        // The drain says what processor time it took per job: this JVM's, and (Linux) the rest of the machine's.
        BenchReport.Cpu cpu = report.phases().get(2).cpu();
        assertThat(cpu).isNotNull();
        assertThat(cpu.jvmMicros()).isPositive();
        assertThat(cpu.restMicros()).isNotNull().isNotNegative();

        StringWriter table = new StringWriter();
        report.print(new PrintWriter(table));
        assertThat(table.toString()).contains("single enqueue").contains("drain (1 node, concurrency 100)")
                .contains("P99 MS").contains("drain (1 node, concurrency 100): processor time per job: this JVM ");
        var json = new ObjectMapper().readTree(report.toJson());
        assertThat(json.get("phases")).hasSize(jobs.size());
        assertThat(json.get("engine").asText()).isEqualTo(engine);
    }

    @Test
    void percentileIsNearestRank() {
        double[] values = new double[100];
        for (int i = 0; i < 100; i++) {
            values[i] = i + 1;
        }
        assertThat(Benchmark.percentile(values, 50)).isEqualTo(50);
        assertThat(Benchmark.percentile(values, 99)).isEqualTo(99);
        assertThat(Benchmark.percentile(new double[] {7}, 99)).isEqualTo(7);
    }

    static boolean schemaExists(String schema) throws Exception {
        try (Connection c = DriverManager.getConnection(PG_URL); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_namespace WHERE nspname = '" + schema + "'")) {
            rs.next();
            return rs.getInt(1) == 1;
        }
    }
}
