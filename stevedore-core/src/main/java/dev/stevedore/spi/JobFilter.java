package dev.stevedore.spi;

import dev.stevedore.JobState;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which jobs to list, in which order, one keyset page at a time. SPI record. Null or empty fields do
 * not filter.
 *
 * <p>Pages follow the primary key, never an offset, so the 10,000th page costs what the first does:
 * newest first, the next page is the ids below the last one ({@code beforeId}); oldest first, the
 * ids above it ({@code afterId}). Both bounds may be given at once.
 *
 * @param states       any of these states
 * @param queue        this queue
 * @param kind         this kind
 * @param tag          jobs carrying this tag, 1..100 characters
 * @param createdFrom  enqueued at or after this instant
 * @param createdTo    enqueued before this instant
 * @param argsContains jobs whose JSON arguments contain this text, case-insensitively, 1..200 characters
 * @param order        newest (highest id) or oldest first
 * @param beforeId     only ids below this
 * @param afterId      only ids above this
 * @param limit        the most rows, 1..10,000
 * @param jobs         every job, or only {@linkplain dev.stevedore.Job#quarantined() quarantined} ones
 */
public record JobFilter(Set<JobState> states, @Nullable String queue, @Nullable String kind, @Nullable String tag,
                        @Nullable Instant createdFrom, @Nullable Instant createdTo, @Nullable String argsContains,
                        Order order, @Nullable Long beforeId, @Nullable Long afterId, int limit, Only jobs) {

    /** The longest text {@link #argsContains} searches for. */
    public static final int MAX_SEARCH_CHARS = 200;

    /** Which end of the id range a page starts from. */
    public enum Order {
        /** Highest id (latest enqueued) first. */
        NEWEST_FIRST,
        /** Lowest id first. */
        OLDEST_FIRST
    }

    /** Whether to narrow the list to quarantined jobs. */
    public enum Only {
        /** No narrowing. */
        ANY,
        /** Held jobs that crashed their worker too often. */
        QUARANTINED
    }

    public JobFilter {
        states = Set.copyOf(states);
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(jobs, "jobs");
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be in [1, 10000], was " + limit);
        }
        if (tag != null && (tag.isEmpty() || tag.length() > 100)) {
            throw new IllegalArgumentException("tag must be 1..100 characters, was " + tag.length());
        }
        if (argsContains != null && (argsContains.isEmpty() || argsContains.length() > MAX_SEARCH_CHARS)) {
            throw new IllegalArgumentException("the text searched in arguments must be 1.." + MAX_SEARCH_CHARS
                    + " characters, was " + argsContains.length());
        }
        if (createdFrom != null && createdTo != null && !createdFrom.isBefore(createdTo)) {
            throw new IllegalArgumentException("createdFrom must be before createdTo, was " + createdFrom + " and " + createdTo);
        }
    }

    /** Any job matching the other filters. */
    public JobFilter(Set<JobState> states, @Nullable String queue, @Nullable String kind, @Nullable String tag,
                     @Nullable Instant createdFrom, @Nullable Instant createdTo, @Nullable String argsContains,
                     Order order, @Nullable Long beforeId, @Nullable Long afterId, int limit) {
        this(states, queue, kind, tag, createdFrom, createdTo, argsContains, order, beforeId, afterId, limit, Only.ANY);
    }

    /** Newest first, filtered by states, queue and kind, below {@code beforeId}. */
    public JobFilter(Set<JobState> states, @Nullable String queue, @Nullable String kind, @Nullable Long beforeId, int limit) {
        this(states, queue, kind, null, null, null, null, Order.NEWEST_FIRST, beforeId, null, limit);
    }

    /** Every job, newest first, at most {@code limit}. */
    public static JobFilter all(int limit) {
        return new JobFilter(Set.of(), null, null, null, limit);
    }

    /** Only jobs carrying {@code tag}. */
    public JobFilter tagged(String tag) {
        return new JobFilter(states, queue, kind, Objects.requireNonNull(tag, "tag"), createdFrom, createdTo,
                argsContains, order, beforeId, afterId, limit, jobs);
    }

    /** Only jobs enqueued at or after {@code from} (if not null) and before {@code to} (if not null). */
    public JobFilter created(@Nullable Instant from, @Nullable Instant to) {
        return new JobFilter(states, queue, kind, tag, from, to, argsContains, order, beforeId, afterId, limit, jobs);
    }

    /** Only jobs whose arguments contain {@code text}. */
    public JobFilter argsContaining(String text) {
        return new JobFilter(states, queue, kind, tag, createdFrom, createdTo, Objects.requireNonNull(text, "text"),
                order, beforeId, afterId, limit, jobs);
    }

    /** Only quarantined jobs (held for crashing their worker too often). */
    public JobFilter quarantined() {
        return new JobFilter(states, queue, kind, tag, createdFrom, createdTo, argsContains, order, beforeId, afterId,
                limit, Only.QUARANTINED);
    }

    /** The same filter in {@code order}. */
    public JobFilter ordered(Order order) {
        return new JobFilter(states, queue, kind, tag, createdFrom, createdTo, argsContains, order, beforeId, afterId, limit, jobs);
    }

    /**
     * What the filter selects, in words for an operator and an audit log: {@code state=held,retryable
     * queue=mail kind=… tag=… q=… from=… to=…}, or {@code every job}. Order, bounds and limit are left out.
     */
    public String describe() {
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (!states.isEmpty()) {
            parts.add("state=" + String.join(",", states.stream().sorted().map(JobState::dbName).toList()));
        }
        java.util.Map<String, Object> values = new java.util.LinkedHashMap<>();
        values.put("queue", queue);
        values.put("kind", kind);
        values.put("tag", tag);
        values.put("q", argsContains);
        values.put("from", createdFrom);
        values.put("to", createdTo);
        values.forEach((name, value) -> {
            if (value != null) {
                parts.add(name + "=" + value);
            }
        });
        return parts.isEmpty() ? "every job" : String.join(" ", parts);
    }

    /** The page that follows the one ending with job {@code lastId}, in this filter's order. */
    public JobFilter after(long lastId) {
        return order == Order.NEWEST_FIRST
                ? new JobFilter(states, queue, kind, tag, createdFrom, createdTo, argsContains, order, lastId, afterId, limit, jobs)
                : new JobFilter(states, queue, kind, tag, createdFrom, createdTo, argsContains, order, beforeId, lastId, limit, jobs);
    }
}
