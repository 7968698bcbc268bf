package dev.stevedore.spi;

import dev.stevedore.Job;
import dev.stevedore.JobState;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which jobs to list, in which order, one keyset page at a time. SPI record. Null or empty fields do
 * not filter.
 *
 * <p>Pages follow an index, never an offset, so the 10,000th page costs what the first does. The id
 * orders page along the primary key: newest first, the next page is the ids below the last one
 * ({@code beforeId}); oldest first, the ids above it ({@code afterId}). Both bounds may be given at
 * once. The time orders ({@link Order#NEXT_TO_RUN}, {@link Order#LATEST_FINISHED}) list only their own
 * states, along those states' index of that time, and page with a {@link JobCursor} (the time and id
 * of the last row) instead; {@code until} bounds how far along the time such a page reads.
 *
 * @param states       any of these states; with a time order, empty means that order's states, and
 *                     any other state is refused
 * @param queue        this queue
 * @param kind         this kind
 * @param tag          jobs carrying this tag, 1..100 characters
 * @param createdFrom  enqueued at or after this instant
 * @param createdTo    enqueued before this instant
 * @param argsContains jobs whose JSON arguments contain this text, case-insensitively, 1..200 characters
 * @param order        by id (newest or oldest first) or by the time a state's jobs wait for or finished at
 * @param beforeId     only ids below this (id orders only)
 * @param afterId      only ids above this (id orders only)
 * @param limit        the most rows, 1..10,000
 * @param jobs         every job, or only {@linkplain dev.stevedore.Job#quarantined() quarantined} ones (id orders only)
 * @param cursor       only jobs past this place in the order (time orders only)
 * @param until        only jobs whose time is this or nearer in the order: scheduled at or before it
 *                     ({@link Order#NEXT_TO_RUN}), finished at or after it ({@link Order#LATEST_FINISHED})
 *                     (time orders only; one that lies before the cursor selects nothing, which a cursor
 *                     finer than the store keeps times can make happen, so it is not refused)
 */
public record JobFilter(Set<JobState> states, @Nullable String queue, @Nullable String kind, @Nullable String tag,
                        @Nullable Instant createdFrom, @Nullable Instant createdTo, @Nullable String argsContains,
                        Order order, @Nullable Long beforeId, @Nullable Long afterId, int limit, Only jobs,
                        @Nullable JobCursor cursor, @Nullable Instant until) {

    /** The longest text {@link #argsContains} searches for. */
    public static final int MAX_SEARCH_CHARS = 200;

    /** The order of a page: by id, or by the time that matters for one group of states. */
    public enum Order {
        /** Highest id (latest enqueued) first. */
        NEWEST_FIRST("newest", Set.of()),
        /** Lowest id first. */
        OLDEST_FIRST("oldest", Set.of()),
        /**
         * Waiting jobs ({@code scheduled}, {@code retryable}) in the order they become due: earliest
         * {@link Job#scheduledAt()} first, ties by the lower id.
         */
        NEXT_TO_RUN("next", EnumSet.of(JobState.SCHEDULED, JobState.RETRYABLE)),
        /**
         * Finished jobs ({@code completed}, {@code discarded}, {@code cancelled}), latest
         * {@link Job#finishedAt()} first, ties by the higher id.
         */
        LATEST_FINISHED("finished", EnumSet.of(JobState.COMPLETED, JobState.DISCARDED, JobState.CANCELLED));

        private final String word;
        private final Set<JobState> states;

        Order(String word, Set<JobState> states) {
            this.word = word;
            this.states = Set.copyOf(states);
        }

        /** The order's name for operators, in a dashboard link or on a command line: newest, oldest, next, finished. */
        public String word() {
            return word;
        }

        /**
         * The order an operator names by its {@link #word()}.
         *
         * @throws IllegalArgumentException naming the words there are, when {@code word} is none of them
         */
        public static Order ofWord(String word) {
            for (Order order : values()) {
                if (order.word.equals(word)) {
                    return order;
                }
            }
            throw new IllegalArgumentException("the order must be one of " + java.util.Arrays.stream(values())
                    .map(Order::word).toList() + ", was \"" + word.replaceAll("\\p{Cntrl}", "?") + "\"");
        }

        /** The only states a time order lists; empty for the id orders, which list any. */
        public Set<JobState> states() {
            return states;
        }

        /** Whether the order sorts by a time and pages with a {@link JobCursor}, rather than by id. */
        public boolean byTime() {
            return !states.isEmpty();
        }

        /**
         * The time a time order sorts {@code job} by.
         *
         * @throws IllegalArgumentException for an id order, or a job without that time
         */
        public Instant time(Job job) {
            Instant time = switch (this) {
                case NEXT_TO_RUN -> job.scheduledAt();
                case LATEST_FINISHED -> job.finishedAt();
                case NEWEST_FIRST, OLDEST_FIRST -> throw new IllegalArgumentException(this + " sorts by id, not by a time");
            };
            if (time == null) {
                throw new IllegalArgumentException("job " + job.id() + " has no time for " + this);
            }
            return time;
        }
    }

    /** Whether to narrow the list to quarantined jobs. */
    public enum Only {
        /** No narrowing. */
        ANY,
        /** Held jobs that crashed their worker too often. */
        QUARANTINED
    }

    public JobFilter {
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(jobs, "jobs");
        states = order.byTime() && states.isEmpty() ? order.states() : Set.copyOf(states);
        if (order.byTime()) {
            checkTimeOrder(order, states, beforeId, afterId, jobs);
        } else if (cursor != null || until != null) {
            throw new IllegalArgumentException("a cursor and until page the time orders; " + order
                    + " pages with beforeId and afterId");
        }
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
        if (createdFrom != null) {
            JobCursor.checkStorable("createdFrom", createdFrom);
        }
        if (createdTo != null) {
            JobCursor.checkStorable("createdTo", createdTo);
        }
        if (createdFrom != null && createdTo != null && !createdFrom.isBefore(createdTo)) {
            throw new IllegalArgumentException("createdFrom must be before createdTo, was " + createdFrom + " and " + createdTo);
        }
    }

    private static void checkTimeOrder(Order order, Set<JobState> states, @Nullable Long beforeId, @Nullable Long afterId,
                                       Only jobs) {
        if (!order.states().containsAll(states)) {
            throw new IllegalArgumentException(order + " lists only " + names(order.states()) + " jobs, not "
                    + names(states.stream().filter(s -> !order.states().contains(s)).toList()));
        }
        if (beforeId != null || afterId != null) {
            throw new IllegalArgumentException("beforeId and afterId page the id orders; " + order + " pages with a cursor");
        }
        if (jobs == Only.QUARANTINED) {
            throw new IllegalArgumentException("quarantined jobs are held, and " + order + " lists only "
                    + names(order.states()) + " jobs");
        }
    }

    private static String names(java.util.Collection<JobState> states) {
        return String.join(", ", states.stream().sorted().map(JobState::dbName).toList());
    }

    /** Any job matching the other filters, in an id order or a time order's first page. */
    public JobFilter(Set<JobState> states, @Nullable String queue, @Nullable String kind, @Nullable String tag,
                     @Nullable Instant createdFrom, @Nullable Instant createdTo, @Nullable String argsContains,
                     Order order, @Nullable Long beforeId, @Nullable Long afterId, int limit) {
        this(states, queue, kind, tag, createdFrom, createdTo, argsContains, order, beforeId, afterId, limit, Only.ANY);
    }

    /** Every job, or quarantined ones only, matching the other filters, with no time bounds. */
    public JobFilter(Set<JobState> states, @Nullable String queue, @Nullable String kind, @Nullable String tag,
                     @Nullable Instant createdFrom, @Nullable Instant createdTo, @Nullable String argsContains,
                     Order order, @Nullable Long beforeId, @Nullable Long afterId, int limit, Only jobs) {
        this(states, queue, kind, tag, createdFrom, createdTo, argsContains, order, beforeId, afterId, limit, jobs,
                null, null);
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
                argsContains, order, beforeId, afterId, limit, jobs, cursor, until);
    }

    /** Only jobs enqueued at or after {@code from} (if not null) and before {@code to} (if not null). */
    public JobFilter created(@Nullable Instant from, @Nullable Instant to) {
        return new JobFilter(states, queue, kind, tag, from, to, argsContains, order, beforeId, afterId, limit, jobs,
                cursor, until);
    }

    /** Only jobs whose arguments contain {@code text}. */
    public JobFilter argsContaining(String text) {
        return new JobFilter(states, queue, kind, tag, createdFrom, createdTo, Objects.requireNonNull(text, "text"),
                order, beforeId, afterId, limit, jobs, cursor, until);
    }

    /** Only quarantined jobs (held for crashing their worker too often). */
    public JobFilter quarantined() {
        return new JobFilter(states, queue, kind, tag, createdFrom, createdTo, argsContains, order, beforeId, afterId,
                limit, Only.QUARANTINED, cursor, until);
    }

    /** The same filter in {@code order}. */
    public JobFilter ordered(Order order) {
        return new JobFilter(states, queue, kind, tag, createdFrom, createdTo, argsContains, order, beforeId, afterId, limit, jobs,
                cursor, until);
    }

    /** The same filter in a time order, from the place just past {@code cursor}. */
    public JobFilter after(JobCursor cursor) {
        return new JobFilter(states, queue, kind, tag, createdFrom, createdTo, argsContains, order, beforeId, afterId, limit, jobs,
                Objects.requireNonNull(cursor, "cursor"), until);
    }

    /** The same filter in a time order, reading no further along the time than {@code until} (null: no bound). */
    public JobFilter until(@Nullable Instant until) {
        return new JobFilter(states, queue, kind, tag, createdFrom, createdTo, argsContains, order, beforeId, afterId, limit, jobs,
                cursor, until);
    }

    /**
     * This filter's time order, checked for {@link Store#jobListReach} together with its {@code rows}:
     * for store authors.
     *
     * @throws IllegalArgumentException when the order sorts by id, or {@code rows < 1}
     */
    public Order reachOrder(int rows) {
        if (!order.byTime()) {
            throw new IllegalArgumentException("a reach is measured along a time order, not " + order);
        }
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be ≥ 1, was " + rows);
        }
        return order;
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

    /** The page that follows the one ending with {@code last}, in this filter's order (an id order or a time order). */
    public JobFilter after(Job last) {
        return order.byTime() ? after(JobCursor.of(order, last)) : after(last.id());
    }

    /** The page that follows the one ending with job {@code lastId}, in this filter's id order. */
    public JobFilter after(long lastId) {
        return order == Order.NEWEST_FIRST
                ? new JobFilter(states, queue, kind, tag, createdFrom, createdTo, argsContains, order, lastId, afterId, limit, jobs)
                : new JobFilter(states, queue, kind, tag, createdFrom, createdTo, argsContains, order, beforeId, lastId, limit, jobs);
    }
}
