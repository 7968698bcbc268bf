package dev.stevedore.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.JobState;
import dev.stevedore.spi.QueueCount;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Counts per queue and state on a file with more finished jobs than {@link QueueCounts#SAMPLE}:
 * unfinished states exact, finished ones scaled from the newest sample and marked as estimates.
 */
class SqliteQueueCountsTest {
    private final SqliteFixture fixture = new SqliteFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void finishedCountsAreExactUnderTheSampleAndScaledEstimatesBeyondItWhileUnfinishedStayExact() throws Exception {
        insert("a", "completed", QueueCounts.SAMPLE - 5_000);
        insert("a", "available", 1_234);
        insert("b", "held", 7);
        assertThat(countsAfresh()).containsExactly(new QueueCount("a", JobState.AVAILABLE, 1_234),
                new QueueCount("a", JobState.COMPLETED, QueueCounts.SAMPLE - 5_000), new QueueCount("b", JobState.HELD, 7));

        insert("a", "completed", 150_000 - (QueueCounts.SAMPLE - 5_000)); // 150,000 completed in a and 50,000 discarded in b, interleaved
        insert("b", "discarded", 50_000);
        try (Connection c = fixture.connection(); Statement s = c.createStatement()) {
            // Interleave the newest rows, so the sample's mix is the table's: every fourth finished row is b's.
            s.execute("UPDATE jobs SET queue = CASE WHEN id % 4 = 0 THEN 'b' ELSE 'a' END,"
                    + " state = CASE WHEN id % 4 = 0 THEN 'discarded' ELSE 'completed' END"
                    + " WHERE state IN ('completed', 'discarded')");
        }
        List<QueueCount> counts = countsAfresh();

        assertThat(counts).filteredOn(c -> !c.state().isFinal()).as("unfinished: exact")
                .containsExactly(new QueueCount("a", JobState.AVAILABLE, 1_234), new QueueCount("b", JobState.HELD, 7));
        assertThat(counts).filteredOn(c -> c.state().isFinal()).allMatch(QueueCount::estimated);
        long finished = 200_000;
        assertThat(count(counts, "a", JobState.COMPLETED)).isBetween((long) (finished * 0.75 * 0.98), (long) (finished * 0.75 * 1.02));
        assertThat(count(counts, "b", JobState.DISCARDED)).isBetween((long) (finished * 0.25 * 0.98), (long) (finished * 0.25 * 1.02));
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

    private void insert(String queue, String state, int rows) throws Exception {
        boolean finished = JobState.fromDb(state).isFinal();
        try (Connection c = fixture.connection(); Statement s = c.createStatement()) {
            s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + rows + ")"
                    + " INSERT INTO jobs (kind, queue, args, state, finished_at) SELECT 'k', '" + queue + "', '{}', '" + state
                    + "', " + (finished ? "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)" : "NULL") + " FROM n");
        }
    }
}
