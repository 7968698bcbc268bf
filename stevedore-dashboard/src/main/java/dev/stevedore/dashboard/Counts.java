package dev.stevedore.dashboard;

import dev.stevedore.JobState;
import dev.stevedore.spi.QueueCount;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Job counts by state, in total and per queue, from one {@code queueCounts} read. The store may estimate
 * the finished states of a large table; those counts are shown with "≈".
 */
record Counts(Map<JobState, Long> total, Map<String, Map<JobState, Long>> byQueue, Set<JobState> estimatedTotals,
              Set<QueueCount> estimated) {
    /** Marks an estimated count. */
    static final String ABOUT = "≈";

    static Counts of(List<QueueCount> counts) {
        Map<JobState, Long> total = new EnumMap<>(JobState.class);
        Map<String, Map<JobState, Long>> byQueue = new TreeMap<>();
        Set<JobState> estimatedTotals = EnumSet.noneOf(JobState.class);
        Set<QueueCount> estimated = new HashSet<>();
        for (JobState state : JobState.values()) {
            total.put(state, 0L);
        }
        for (QueueCount count : counts) {
            total.merge(count.state(), count.count(), Long::sum);
            byQueue.computeIfAbsent(count.queue(), q -> new EnumMap<>(JobState.class)).merge(count.state(), count.count(), Long::sum);
            if (count.estimated()) {
                estimatedTotals.add(count.state());
                estimated.add(key(count.queue(), count.state()));
            }
        }
        return new Counts(total, byQueue, estimatedTotals, estimated);
    }

    long of(String queue, JobState state) {
        return byQueue.getOrDefault(queue, Map.of()).getOrDefault(state, 0L);
    }

    /** The total of a state as shown: "≈" before an estimate. */
    String shown(JobState state) {
        return (estimatedTotals.contains(state) ? ABOUT : "") + total.get(state);
    }

    /** A queue's count of a state as shown: "≈" before an estimate. */
    String shown(String queue, JobState state) {
        return (estimated.contains(key(queue, state)) ? ABOUT : "") + of(queue, state);
    }

    /** The totals as a JSON object of state name to count (a string with "≈" if estimated), for the live counters. */
    String totalsJson() {
        StringBuilder out = new StringBuilder("{");
        total.forEach((state, n) -> out.append(out.length() > 1 ? "," : "").append('"').append(state.dbName())
                .append("\":").append(estimatedTotals.contains(state) ? "\"" + shown(state) + "\"" : Long.toString(n)));
        return out.append('}').toString();
    }

    /** The set key of one queue's state. */
    private static QueueCount key(String queue, JobState state) {
        return new QueueCount(queue, state, 0, true);
    }
}
