package dev.stevedore.sqlite;

import dev.stevedore.JobState;
import dev.stevedore.spi.QueueCount;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Job counts per queue and state without reading every row of a large file ({@code queue_counts}): the
 * gauges read them every few seconds and the dashboard on every view, and a count of a million rows
 * takes about a second in SQLite. Unfinished states are exact, read through their partial indexes.
 * Finished states are counted while there are fewer than {@link #SAMPLE} of them; beyond, the newest
 * {@link #SAMPLE} are counted per queue and state and scaled to the rows the table spans, and marked as
 * estimates (a history pruned unevenly, or jobs deleted by hand, makes the span larger than the rows).
 */
final class QueueCounts {
    /**
     * Finished rows read per count: 20,000 rows take 11 ms in a file of 10 million jobs (100,000 took 65
     * ms, a third of a dashboard view's budget), and put each queue's and state's share within about
     * half a percent of the table's.
     */
    static final int SAMPLE = 20_000;

    private static final Comparator<QueueCount> ORDER =
            Comparator.comparing(QueueCount::queue).thenComparing(c -> c.state().dbName());

    private final Db db;

    QueueCounts(Db db) {
        this.db = db;
    }

    /** Read beside the store's connection (they take about 100 ms in a file of 10 million jobs): see {@link Db#readAside}. */
    List<QueueCount> read() {
        return db.readAside("queueCounts", this::read);
    }

    private List<QueueCount> read(Connection c) throws SQLException {
        List<QueueCount> counts = new ArrayList<>();
        long[] span = {0};
        db.list(c, "queue_counts", Map.of(), rs -> {
            if (rs.getString("queue") == null) {
                span[0] = rs.getLong("n");
            } else {
                counts.add(row(rs));
            }
            return null;
        });
        List<QueueCount> sample = db.list(c, "queue_counts_finished", Map.of("sample", SAMPLE), QueueCounts::row);
        long sampled = sample.stream().mapToLong(QueueCount::count).sum();
        if (sampled < SAMPLE) {
            counts.addAll(sample); // every finished row: exact
        } else {
            long unfinished = counts.stream().mapToLong(QueueCount::count).sum();
            double scale = Math.max(sampled, span[0] - unfinished) / (double) sampled;
            for (QueueCount s : sample) {
                counts.add(new QueueCount(s.queue(), s.state(), Math.round(s.count() * scale), true));
            }
        }
        counts.sort(ORDER);
        return counts;
    }

    /** One row of a counts statement (queue, state, n): an exact count. */
    private static QueueCount row(ResultSet rs) throws SQLException {
        return new QueueCount(rs.getString("queue"), JobState.fromDb(rs.getString("state")), rs.getLong("n"));
    }
}
