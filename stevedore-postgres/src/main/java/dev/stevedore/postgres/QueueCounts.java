package dev.stevedore.postgres;

import dev.stevedore.JobState;
import dev.stevedore.spi.QueueCount;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Job counts per queue and state without reading every row of a large table ({@code queue_counts}).
 * At 10 million rows a count of every row takes seconds, and the counts are read on every dashboard
 * view and metrics refresh. So:
 * <ul>
 *   <li>each unfinished state is read through the index holding only its rows, up to {@link #CAP} rows:
 *       below that (the usual case: what waits, runs or is held) the count is exact and current;</li>
 *   <li>a state group with more rows than that (a backlog of millions) is estimated from the table's
 *       (queue, state) statistics, which ANALYZE keeps, never below what the capped read saw;</li>
 *   <li>finished states are counted while the table has fewer than {@link #EXACT_BELOW} rows, and
 *       estimated above.</li>
 * </ul>
 * An exact count is never replaced by a stale estimate: a backlog that drained since the last ANALYZE
 * reads as the zero it is.
 */
final class QueueCounts {
    /** Tables with fewer rows than this (as of their latest ANALYZE) have their finished jobs counted. */
    static final long EXACT_BELOW = 200_000;
    /** The most rows read for one unfinished state group; more are estimated. */
    static final int CAP = 100_000;

    private static final Comparator<QueueCount> ORDER =
            Comparator.comparing(QueueCount::queue).thenComparing(c -> c.state().dbName());
    /** The unfinished states read together, under one cap (they share an index). */
    private static final List<Set<JobState>> GROUPS = List.of(EnumSet.of(JobState.AVAILABLE), EnumSet.of(JobState.RUNNING),
            EnumSet.of(JobState.SCHEDULED, JobState.RETRYABLE), EnumSet.of(JobState.HELD));

    private final Db db;
    private final String schema;

    QueueCounts(Db db, String schema) {
        this.db = db;
        this.schema = schema;
    }

    List<QueueCount> read() {
        List<QueueCount> unfinished = new ArrayList<>();
        long[] size = {-1};
        db.list("queueCounts", "queue_counts", Map.of("schema_name", schema, "cap", CAP), rs -> {
            if (rs.getString("queue") == null) {
                size[0] = rs.getLong("n");
            } else {
                unfinished.add(row(rs, false));
            }
            return null;
        });
        Set<JobState> capped = EnumSet.noneOf(JobState.class);
        for (Set<JobState> group : GROUPS) {
            if (unfinished.stream().filter(c -> group.contains(c.state())).mapToLong(QueueCount::count).sum() >= CAP) {
                capped.addAll(group);
            }
        }
        boolean large = size[0] >= EXACT_BELOW;
        List<QueueCount> estimates = large || !capped.isEmpty()
                ? db.list("queueCounts", "queue_counts_estimate", Map.of("schema_name", schema),
                        rs -> row(rs, true))
                : List.of();
        List<QueueCount> counts = new ArrayList<>(merge(unfinished, capped, estimates));
        List<QueueCount> finished = large ? estimates.stream().filter(c -> c.state().isFinal()).toList() : List.of();
        if (finished.isEmpty()) { // a small table, or a large one never analyzed: count
            finished = db.list("queueCounts", "queue_counts_finished", Map.of(),
                    rs -> row(rs, false));
        }
        counts.addAll(finished.stream().filter(c -> c.count() > 0).toList());
        counts.sort(ORDER);
        return counts;
    }

    /** The exact counts, and for capped states the larger of the estimate and what the capped read saw. */
    private static List<QueueCount> merge(List<QueueCount> read, Set<JobState> capped, List<QueueCount> estimates) {
        Map<String, QueueCount> merged = new HashMap<>();
        for (QueueCount c : read) {
            merged.put(c.queue() + '\0' + c.state(), capped.contains(c.state()) ? new QueueCount(c.queue(), c.state(), c.count(), true) : c);
        }
        for (QueueCount e : estimates) {
            if (capped.contains(e.state())) {
                merged.merge(e.queue() + '\0' + e.state(), e, (seen, estimate) -> seen.count() >= estimate.count() ? seen : estimate);
            }
        }
        return new ArrayList<>(merged.values());
    }

    /** One row of a counts statement: queue, state, n. */
    private static QueueCount row(ResultSet rs, boolean estimated) throws SQLException {
        return new QueueCount(rs.getString("queue"), JobState.fromDb(rs.getString("state")), rs.getLong("n"), estimated);
    }
}
