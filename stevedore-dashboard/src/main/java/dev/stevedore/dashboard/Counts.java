package dev.stevedore.dashboard;

import dev.stevedore.JobState;
import dev.stevedore.spi.QueueCount;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Job counts by state, in total and per queue, from one {@code queueCounts} read. The store may estimate
 * the finished states of a large table; those counts, and the totals they are part of, are shown with "≈".
 */
record Counts(Map<JobState, Long> total, Map<String, Map<JobState, Long>> byQueue,
              Map<String, Set<JobState>> estimated) {
    /** Marks an estimated count. */
    static final String ABOUT = "≈";

    static Counts of(List<QueueCount> counts) {
        Map<JobState, Long> total = new EnumMap<>(JobState.class);
        Map<String, Map<JobState, Long>> byQueue = new TreeMap<>();
        Map<String, Set<JobState>> estimated = new TreeMap<>();
        for (JobState state : JobState.values()) {
            total.put(state, 0L);
        }
        for (QueueCount count : counts) {
            total.merge(count.state(), count.count(), Long::sum);
            byQueue.computeIfAbsent(count.queue(), q -> new EnumMap<>(JobState.class)).merge(count.state(), count.count(), Long::sum);
            if (count.estimated()) {
                estimated.computeIfAbsent(count.queue(), q -> EnumSet.noneOf(JobState.class)).add(count.state());
            }
        }
        return new Counts(total, byQueue, estimated);
    }

    long of(String queue, JobState state) {
        return byQueue.getOrDefault(queue, Map.of()).getOrDefault(state, 0L);
    }

    /** The total of a state as shown: "≈" before it when any queue's part of it is an estimate. */
    String shown(JobState state) {
        return (estimated.values().stream().anyMatch(s -> s.contains(state)) ? ABOUT : "") + total.get(state);
    }

    /** A queue's count of a state as shown: "≈" before an estimate. */
    String shown(String queue, JobState state) {
        return (estimated.getOrDefault(queue, Set.of()).contains(state) ? ABOUT : "") + of(queue, state);
    }

    /** The totals as a JSON object of state name to count (a string with "≈" if estimated), for the live counters. */
    String totalsJson() {
        StringBuilder out = new StringBuilder("{");
        total.forEach((state, n) -> {
            String shown = shown(state);
            out.append(out.length() > 1 ? "," : "").append('"').append(state.dbName()).append("\":")
                    .append(shown.startsWith(ABOUT) ? "\"" + shown + "\"" : shown);
        });
        return out.append('}').toString();
    }
}
