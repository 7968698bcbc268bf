package dev.stevedore.bench;

import static dev.stevedore.bench.BenchmarkTest.PG_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.ErrorCategory;
import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.spi.JobFilter;
import dev.stevedore.spi.QueueCount;
import dev.stevedore.spi.Store;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code --finished-rows}: the history is exactly what it says, readable by the stores, and the benchmark
 * runs beside it, on both engines, and the raw twin's drains too.
 */
class FinishedRowsTest {
    private static final int ROWS = 5_000;
    private static final BenchOptions SMALL = new BenchOptions(600, 50, 10, Duration.ofMillis(20), 100,
            Duration.ofMillis(200), 250, ROWS);

    @Test
    void sqliteSeedHoldsExactlyTheHistory() {
        try (BenchTarget target = BenchTarget.sqliteTempFile()) {
            assertSeeded(target);
        }
    }

    @Test
    void postgresSeedHoldsExactlyTheHistory() {
        try (BenchTarget target = BenchTarget.postgres(PG_URL)) {
            assertSeeded(target);
        }
    }

    @Test
    void sqliteBenchmarkDrainsBesideTheHistory() throws Exception {
        try (BenchTarget target = BenchTarget.sqliteTempFile()) {
            assertRunBesideHistory(target, () -> new Benchmark(target, SMALL, new PrintWriter(new StringWriter())));
        }
    }

    @Test
    void postgresBenchmarkDrainsBesideTheHistory() throws Exception {
        try (BenchTarget.PostgresSchema target = BenchTarget.postgres(PG_URL)) {
            assertRunBesideHistory(target, () -> new Benchmark(target, SMALL, new PrintWriter(new StringWriter())));
        }
    }

    @Test
    void rawDrainsRunBesideTheSameHistory() throws Exception {
        BenchOptions options = SMALL.withDrainJobs(1_000);
        StringWriter progress = new StringWriter();
        try (BenchTarget.PostgresSchema store = BenchTarget.postgres(PG_URL);
             BenchTarget.PostgresSchema raw = BenchTarget.postgres(PG_URL)) {
            BenchReport report = new Benchmark(store, raw, options, new PrintWriter(progress)).run();
            assertThat(report.phases().get(2).rawJobsPerSecond()).isPositive();
            // Between the raw drains only the drain queue was emptied: the history survived all three.
            assertThat(counts(raw, FinishedRows.QUEUE)).isEqualTo(history());
            assertThat(counts(raw, RawBounds.DRAIN_QUEUE)).isEqualTo(Map.of(JobState.COMPLETED, 1_000L));
            assertThat(counts(store, FinishedRows.QUEUE)).isEqualTo(history());
        }
        // Both schemas seeded, the store's first.
        assertThat(progress.toString().lines().filter(l -> l.startsWith("seeding 5,000 finished rows into")))
                .hasSize(2);
    }

    @Test
    void finishedRowsOutsideTheirRangeAreRejected() {
        assertThatThrownBy(() -> BenchOptions.defaults().withFinishedRows(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("finished rows must be in [0, 100000000], was -1");
        assertThatThrownBy(() -> BenchOptions.defaults().withFinishedRows(100_000_001))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was 100000001");
        assertThat(BenchOptions.defaults().finishedRows()).isZero();
        assertThat(BenchOptions.defaults().withFinishedRows(100_000_000).finishedRows()).isEqualTo(100_000_000);
    }

    private static void assertSeeded(BenchTarget target) {
        Instant until = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        StringWriter progress = new StringWriter();
        Duration took = new FinishedRows(InstantSource.fixed(until), new PrintWriter(progress)).seed(target, ROWS);

        assertThat(took).isPositive();
        assertThat(progress.toString()).contains("seeding 5,000 finished rows into " + target.location(),
                "    5,000 of 5,000 rows after ", "    seeded 5,000 finished rows in ");
        assertThat(counts(target, FinishedRows.QUEUE)).isEqualTo(history());
        try (Store store = target.open()) {
            assertThat(store.queueCounts()).extracting(QueueCount::queue).containsOnly(FinishedRows.QUEUE);
            List<Job> jobs = store.jobList(new JobFilter(Set.of(JobState.COMPLETED, JobState.DISCARDED),
                    FinishedRows.QUEUE, null, null, 10_000));
            assertThat(jobs).hasSize(ROWS).allSatisfy(job -> {
                assertThat(job.kind()).isEqualTo(RawBounds.KIND);
                assertThat(job.args()).matches("\\{\"n\": ?\\d+}");
                assertThat(job.attempt()).isEqualTo(1);
                assertThat(job.attemptedBy()).isEqualTo(FinishedRows.NODE);
                // Within the last day before the seeding: inside the 30-day retention, so never pruned.
                assertThat(job.finishedAt()).isBetween(until.minus(FinishedRows.SPAN), until);
                assertThat(job.createdAt()).isBefore(job.attemptedAt()).isBefore(job.finishedAt());
            });
            assertThat(jobs).extracting(Job::finishedAt).contains(until);
            List<Job> discarded = jobs.stream().filter(j -> j.state() == JobState.DISCARDED).toList();
            // The stores parse the seeded errors like their own.
            assertThat(discarded).hasSize(ROWS / FinishedRows.DISCARD_EVERY).allSatisfy(job -> {
                assertThat(job.errorCategory()).isEqualTo(ErrorCategory.PERMANENT);
                assertThat(job.errors()).singleElement().satisfies(error -> {
                    assertThat(error.attempt()).isEqualTo(1);
                    assertThat(error.at()).isEqualTo(job.finishedAt());
                    assertThat(error.category()).isEqualTo(ErrorCategory.PERMANENT);
                    assertThat(error.node()).isEqualTo(FinishedRows.NODE);
                    assertThat(error.duration()).isEqualTo(Duration.ofMillis(10));
                });
            });
            assertThat(jobs).filteredOn(j -> j.state() == JobState.COMPLETED)
                    .allSatisfy(job -> assertThat(job.errors()).isEmpty());
        }
    }

    private static void assertRunBesideHistory(BenchTarget target, Supplier<Benchmark> benchmark) throws Exception {
        BenchReport report = benchmark.get().run();
        // The drain checked its own queue's count; the history is still all there, nothing pruned.
        // The two latency phases: idle node, and (PostgreSQL only) jobs enqueued by another client.
        assertThat(report.phases()).extracting(BenchReport.Phase::jobs).startsWith(50L, 600L, 600L, 10L)
                .hasSize(target instanceof BenchTarget.PostgresSchema ? 5 : 4);
        assertThat(counts(target, FinishedRows.QUEUE)).isEqualTo(history());
        assertThat(counts(target, Benchmark.DRAIN_QUEUE)).isEqualTo(Map.of(JobState.COMPLETED, 600L));

        assertThat(report.options().finishedRows()).isEqualTo(ROWS);
        StringWriter table = new StringWriter();
        report.print(new PrintWriter(table));
        assertThat(table.toString().lines().findFirst()).get().asString()
                .endsWith(", 5,000 finished rows already in the table (queue bench-history)");
        assertThat(new ObjectMapper().readTree(report.toJson()).get("options").get("finishedRows").asInt())
                .isEqualTo(ROWS);
    }

    /** The history as seeded: 1 in 50 discarded, the rest completed. */
    private static Map<JobState, Long> history() {
        long discarded = ROWS / FinishedRows.DISCARD_EVERY;
        return Map.of(JobState.COMPLETED, ROWS - discarded, JobState.DISCARDED, discarded);
    }

    private static Map<JobState, Long> counts(BenchTarget target, String queue) {
        try (Store store = target.open()) {
            return store.queueCounts().stream().filter(c -> c.queue().equals(queue))
                    .collect(Collectors.toMap(QueueCount::state, QueueCount::count));
        }
    }
}
