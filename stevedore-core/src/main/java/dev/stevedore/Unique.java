package dev.stevedore;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How a job is unique: which jobs count as its duplicates, and in which of their states a duplicate
 * refuses a new enqueue. Given per enqueue ({@code o -> o.unique(u -> u.byArgs("accountId"))}) or per
 * kind ({@code k -> k.unique(u -> u.period(Duration.ofHours(1)))}).
 *
 * <p>Two jobs are duplicates when they have the same kind and the same key: by default all their
 * arguments; {@link #byArgs(String...)} names the argument fields that count, {@link #byKey(String)}
 * gives the key outright. {@link #byQueue()} adds the queue, {@link #period(Duration)} a time bucket
 * of the job's run time. The database enforces it with a unique index, so it holds across any number
 * of nodes and concurrent enqueuers; an enqueue refused as a duplicate returns the existing job's id
 * with {@link Enqueued#duplicate()} set.
 */
public final class Unique {
    /** States a duplicate always blocks in: a job that has not finished. */
    public static final Set<JobState> UNFINISHED =
            Set.copyOf(EnumSet.of(JobState.SCHEDULED, JobState.AVAILABLE, JobState.RUNNING, JobState.RETRYABLE,
                    JobState.HELD));
    /** Longest key accepted by {@link #byKey(String)}, in characters. */
    public static final int MAX_KEY_LENGTH = 1000;

    @Nullable List<String> fields;
    @Nullable String key;
    boolean byQueue;
    @Nullable Duration period;
    @Nullable Set<JobState> states;

    Unique() {}

    /** Duplicates are jobs of the same kind with equal arguments, all fields compared (the default). */
    public Unique byArgs() {
        this.fields = null;
        this.key = null;
        return this;
    }

    /** Duplicates are jobs of the same kind whose named argument fields are equal; others may differ. */
    public Unique byArgs(String... fields) {
        if (fields.length == 0) {
            throw new IllegalArgumentException("byArgs needs at least one field name; use byArgs() for all fields");
        }
        for (String field : fields) {
            if (field == null || field.isBlank()) {
                throw new IllegalArgumentException("unique field names must not be blank, were " + Arrays.toString(fields));
            }
        }
        this.fields = List.of(fields);
        this.key = null;
        return this;
    }

    /** Duplicates are jobs of the same kind with this key, whatever their arguments. */
    public Unique byKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException(
                    "unique key must have 1.." + MAX_KEY_LENGTH + " characters, had " + key.length());
        }
        this.key = key;
        this.fields = null;
        return this;
    }

    /** Jobs in different queues are never duplicates. Default: the queue does not matter. */
    public Unique byQueue() {
        this.byQueue = true;
        return this;
    }

    /**
     * Duplicates only within one period: the job's run time (its scheduled time, or the store's now)
     * rounded down to a multiple of {@code period} since the epoch — "one per hour" is
     * {@code period(Duration.ofHours(1))}. Whole seconds, 1 s .. 3650 days. Default: no period.
     */
    public Unique period(Duration period) {
        Objects.requireNonNull(period, "period");
        if (period.getNano() != 0 || period.getSeconds() < 1 || period.compareTo(JobOptions.MAX_DELAY) > 0) {
            throw new IllegalArgumentException("unique period must be whole seconds in [PT1S, "
                    + JobOptions.MAX_DELAY + "], was " + period);
        }
        this.period = period;
        return this;
    }

    /**
     * The states in which an existing job refuses its duplicate. Must include every unfinished state
     * ({@link #UNFINISHED}): a job moving between them must never meet a duplicate it would collide
     * with. Default: the unfinished states, plus {@link JobState#COMPLETED} when a {@link #period}
     * is set (so "one per hour" still holds after the hour's job has run).
     */
    public Unique states(JobState... states) {
        Set<JobState> set = states.length == 0 ? EnumSet.noneOf(JobState.class) : EnumSet.copyOf(Arrays.asList(states));
        if (!set.containsAll(UNFINISHED)) {
            EnumSet<JobState> missing = EnumSet.copyOf(UNFINISHED);
            missing.removeAll(set);
            throw new IllegalArgumentException("unique states must include every unfinished state; missing " + missing);
        }
        this.states = Set.copyOf(set);
        return this;
    }

    /** The states that block a duplicate, defaults applied. */
    Set<JobState> effectiveStates() {
        if (states != null) {
            return states;
        }
        EnumSet<JobState> set = EnumSet.copyOf(UNFINISHED);
        if (period != null) {
            set.add(JobState.COMPLETED);
        }
        return set;
    }
}
