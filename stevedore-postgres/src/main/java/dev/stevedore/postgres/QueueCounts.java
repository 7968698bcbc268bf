package dev.stevedore.postgres;

import dev.stevedore.JobState;
import dev.stevedore.spi.QueueCount;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Job counts per queue and state without reading every row of a large table ({@code queue_counts}).
 * Unfinished states are counted exactly through their partial indexes. Finished states are counted
 * exactly while the table is small; above {@link #EXACT_BELOW} rows they are estimated from the
 * table's (queue, state) statistics, which the planner's own ANALYZE keeps: at 10 million rows an
 * exact count takes about two seconds, the estimate a millisecond.
 */
final class QueueCounts {
    /** Tables with fewer rows than this (as of their latest ANALYZE) have their finished jobs counted. */
    static final long EXACT_BELOW = 200_000;

    private static final Comparator<QueueCount> ORDER =
            Comparator.comparing(QueueCount::queue).thenComparing(c -> c.state().dbName());

    private final Db db;
    private final String schema;

    QueueCounts(Db db, String schema) {
        this.db = db;
        this.schema = schema;
    }

    List<QueueCount> read() {
        Map<String, Object> params = Map.of("schema_name", schema);
        List<QueueCount> counts = new ArrayList<>();
        long[] size = {-1};
        db.list("queueCounts", "queue_counts", params, rs -> {
            if (rs.getString("queue") == null) {
                size[0] = rs.getLong("n");
            } else {
                counts.add(count(rs.getString("queue"), rs.getString("state"), rs.getLong("n"), false));
            }
            return null;
        });
        List<QueueCount> finished = size[0] >= EXACT_BELOW
                ? db.list("queueCounts", "queue_counts_finished_estimate", params,
                        rs -> count(rs.getString("queue"), rs.getString("state"), rs.getLong("n"), true))
                : List.of();
        if (finished.isEmpty()) { // a small table, or a large one never analyzed: count
            finished = db.list("queueCounts", "queue_counts_finished", Map.of(),
                    rs -> count(rs.getString("queue"), rs.getString("state"), rs.getLong("n"), false));
        }
        counts.addAll(finished.stream().filter(c -> c.count() > 0).toList());
        counts.sort(ORDER);
        return counts;
    }

    private static QueueCount count(String queue, String state, long n, boolean estimated) {
        return new QueueCount(queue, JobState.fromDb(state), n, estimated);
    }
}
