package dev.stevedore.spi;

import dev.stevedore.JobState;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which jobs to list. SPI record. Null or empty fields do not filter.
 *
 * @param states   any of these states
 * @param queue    this queue
 * @param kind     this kind
 * @param beforeId only ids below this (keyset paging, newest first)
 * @param limit    the most rows, 1..10,000
 */
public record JobFilter(Set<JobState> states, @Nullable String queue, @Nullable String kind,
                        @Nullable Long beforeId, int limit) {
    public JobFilter {
        states = Set.copyOf(states);
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be in [1, 10000], was " + limit);
        }
    }

    /** Every job, newest first, at most {@code limit}. */
    public static JobFilter all(int limit) {
        return new JobFilter(Set.of(), null, null, null, limit);
    }
}
