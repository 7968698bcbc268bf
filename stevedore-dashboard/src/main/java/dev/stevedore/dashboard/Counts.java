package dev.stevedore.dashboard;

import dev.stevedore.JobState;
import dev.stevedore.spi.QueueCount;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Job counts by state, in total and per queue, from one {@code queueCounts} read. */
record Counts(Map<JobState, Long> total, Map<String, Map<JobState, Long>> byQueue) {

    static Counts of(List<QueueCount> counts) {
        Map<JobState, Long> total = new EnumMap<>(JobState.class);
        Map<String, Map<JobState, Long>> byQueue = new TreeMap<>();
        for (JobState state : JobState.values()) {
            total.put(state, 0L);
        }
        for (QueueCount count : counts) {
            total.merge(count.state(), count.count(), Long::sum);
            byQueue.computeIfAbsent(count.queue(), q -> new EnumMap<>(JobState.class)).merge(count.state(), count.count(), Long::sum);
        }
        return new Counts(total, byQueue);
    }

    long of(String queue, JobState state) {
        return byQueue.getOrDefault(queue, Map.of()).getOrDefault(state, 0L);
    }

    /** The totals as a JSON object of state name to count, for the live counters. */
    String totalsJson() {
        StringBuilder out = new StringBuilder("{");
        total.forEach((state, n) -> out.append(out.length() > 1 ? "," : "").append('"').append(state.dbName())
                .append("\":").append(n));
        return out.append('}').toString();
    }
}
