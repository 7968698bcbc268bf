package dev.stevedore.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.JobState;
import dev.stevedore.spi.QueueCount;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Counts per queue and state on a table past {@link QueueCounts#EXACT_BELOW} rows: unfinished states
 * exact up to {@link QueueCounts#CAP} rows a state, estimated beyond; finished ones estimated from the
 * table's statistics once it has been analyzed, and counted while it has not.
 */
class PostgresQueueCountsTest {
    private static final int COMPLETED_A = 180_000;
    private static final int DISCARDED_B = 60_000;
    private static final int AVAILABLE_A = 1_234;
    private static final int HELD_B = 7;
    private static final int AVAILABLE_C = QueueCounts.CAP + 50_000;

    private final PostgresFixture fixture = new PostgresFixture(PgTestDatabase.url());

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aLargeTablesFinishedCountsAreEstimatedFromItsStatisticsAndTheRestAreExact() throws Exception {
        String jobs = fixture.table("jobs");
        try (Connection c = fixture.connection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + jobs + " SET (autovacuum_enabled = false)"); // ANALYZE when the test says
            s.execute(insert(jobs, "a", "completed", COMPLETED_A));
            s.execute(insert(jobs, "b", "discarded", DISCARDED_B));
            s.execute(insert(jobs, "a", "available", AVAILABLE_A));
            s.execute(insert(jobs, "b", "held", HELD_B));
        }

        List<QueueCount> small = countsAfresh();
        assertThat(small).as("every state under the cap: exact").containsExactlyInAnyOrder(
                new QueueCount("a", JobState.COMPLETED, COMPLETED_A), new QueueCount("b", JobState.DISCARDED, DISCARDED_B),
                new QueueCount("a", JobState.AVAILABLE, AVAILABLE_A), new QueueCount("b", JobState.HELD, HELD_B));

        try (Connection c = fixture.connection(); Statement s = c.createStatement()) {
            s.execute(insert(jobs, "c", "available", AVAILABLE_C));
        }

        List<QueueCount> beforeAnalyze = countsAfresh();
        assertThat(beforeAnalyze).filteredOn(c -> c.state() != JobState.AVAILABLE)
                .as("not analyzed since the rows came: no statistics to estimate the finished from, so counted")
                .containsExactlyInAnyOrder(new QueueCount("a", JobState.COMPLETED, COMPLETED_A),
                        new QueueCount("b", JobState.DISCARDED, DISCARDED_B), new QueueCount("b", JobState.HELD, HELD_B));
        assertThat(beforeAnalyze).filteredOn(c -> c.state() == JobState.AVAILABLE)
                .as("past the cap, with no statistics yet: what the capped read saw, marked as an estimate")
                .allMatch(QueueCount::estimated).extracting(QueueCount::count).containsOnly((long) AVAILABLE_A,
                        (long) QueueCounts.CAP - AVAILABLE_A);

        try (Connection c = fixture.connection(); Statement s = c.createStatement()) {
            s.execute("ANALYZE " + jobs);
        }
        List<QueueCount> counts = countsAfresh();

        assertThat(counts).filteredOn(c -> c.state() == JobState.HELD).as("under the cap: exact")
                .containsExactly(new QueueCount("b", JobState.HELD, HELD_B));
        assertThat(counts).filteredOn(c -> c.state() == JobState.AVAILABLE).as("past the cap: estimated")
                .extracting(QueueCount::queue, QueueCount::estimated)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("a", true), org.assertj.core.groups.Tuple.tuple("c", true));
        assertThat(count(counts, "c", JobState.AVAILABLE)).isBetween((long) (AVAILABLE_C * 0.9), (long) (AVAILABLE_C * 1.1));
        assertThat(count(counts, "a", JobState.AVAILABLE)).as("never below what the capped read counted")
                .isGreaterThanOrEqualTo(AVAILABLE_A);
        assertThat(counts).filteredOn(c -> c.state().isFinal()).extracting(QueueCount::queue, QueueCount::state, QueueCount::estimated)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("a", JobState.COMPLETED, true),
                        org.assertj.core.groups.Tuple.tuple("b", JobState.DISCARDED, true));
        assertThat(count(counts, "a", JobState.COMPLETED)).as("estimated from a sample").isBetween(
                (long) (COMPLETED_A * 0.95), (long) (COMPLETED_A * 1.05));
        assertThat(count(counts, "b", JobState.DISCARDED)).isBetween((long) (DISCARDED_B * 0.9), (long) (DISCARDED_B * 1.1));
    }

    /**
     * The counts as they are now, read by a store of their own: a store serves a large table's last
     * counts again for a few seconds (ReusedCounts).
     */
    private List<QueueCount> countsAfresh() {
        return fixture.secondStore().queueCounts();
    }

    private static long count(List<QueueCount> counts, String queue, JobState state) {
        return counts.stream().filter(c -> c.queue().equals(queue) && c.state() == state).mapToLong(QueueCount::count).sum();
    }

    private static String insert(String jobs, String queue, String state, int rows) {
        boolean finished = JobState.fromDb(state).isFinal();
        return "INSERT INTO " + jobs + " (kind, queue, args, state, finished_at) SELECT 'k', '" + queue + "', '{}', '" + state
                + "', " + (finished ? "now()" : "NULL") + " FROM generate_series(1, " + rows + ")";
    }
}
