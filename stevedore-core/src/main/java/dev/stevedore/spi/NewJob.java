package dev.stevedore.spi;

import dev.stevedore.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A job to insert. SPI record.
 *
 * @param kind        the kind string
 * @param queue       the queue
 * @param args        the arguments as JSON text
 * @param priority    higher first
 * @param maxAttempts ≥ 1
 * @param state       {@code AVAILABLE} or {@code SCHEDULED}
 * @param runAt       when it becomes available, or null for "now + {@code delay}" on the store clock
 * @param delay       used when {@code runAt} is null; zero for now
 * @param timeout     per-attempt timeout, or null for the runtime default
 * @param tags        labels
 * @param metadata    context
 * @param unique      how the job is unique, or null for an ordinary job; such jobs go through
 *                    {@link Store#jobInsertUnique}, never {@link Store#jobInsertMany}
 * @param limits      its start deadline, job deadline and heartbeat timeout; {@link TimeLimits#NONE} for none
 * @param limitKeys   the keys of the concurrency limits the enqueuing node knows apply to the job (see
 *                    {@link ClaimRequest#limits()}), each once; empty when none does or the node knows none.
 *                    Stored with the job, so that a claim finds the running jobs holding a key by index;
 *                    the claiming node checks them and corrects them if its limits say otherwise
 */
public record NewJob(
        String kind,
        String queue,
        String args,
        int priority,
        int maxAttempts,
        JobState state,
        @Nullable Instant runAt,
        Duration delay,
        @Nullable Duration timeout,
        List<String> tags,
        Map<String, String> metadata,
        @Nullable UniqueKey unique,
        TimeLimits limits,
        List<String> limitKeys) {

    public NewJob {
        if (state != JobState.AVAILABLE && state != JobState.SCHEDULED) {
            throw new IllegalArgumentException("new jobs are available or scheduled, was " + state);
        }
        tags = List.copyOf(tags);
        metadata = Map.copyOf(metadata);
        Objects.requireNonNull(limits, "limits");
        limitKeys = List.copyOf(limitKeys);
    }

    /** A job whose concurrency keys are left to the claiming node to find. */
    public NewJob(String kind, String queue, String args, int priority, int maxAttempts, JobState state,
            @Nullable Instant runAt, Duration delay, @Nullable Duration timeout, List<String> tags,
            Map<String, String> metadata, @Nullable UniqueKey unique, TimeLimits limits) {
        this(kind, queue, args, priority, maxAttempts, state, runAt, delay, timeout, tags, metadata, unique, limits,
                List.of());
    }

    /** A job without time limits beyond its per-attempt timeout. */
    public NewJob(String kind, String queue, String args, int priority, int maxAttempts, JobState state,
            @Nullable Instant runAt, Duration delay, @Nullable Duration timeout, List<String> tags,
            Map<String, String> metadata, @Nullable UniqueKey unique) {
        this(kind, queue, args, priority, maxAttempts, state, runAt, delay, timeout, tags, metadata, unique,
                TimeLimits.NONE);
    }

    /** Throws {@link IllegalArgumentException} if any of {@code jobs} is unique (they have their own insert). */
    public static void checkOrdinary(List<NewJob> jobs) {
        for (int i = 0; i < jobs.size(); i++) {
            if (jobs.get(i).unique() != null) {
                throw new IllegalArgumentException("job " + i + " (" + jobs.get(i).kind()
                        + ") has a unique key: insert it with jobInsertUnique");
            }
        }
    }

    /** An ordinary job, without uniqueness. */
    public NewJob(String kind, String queue, String args, int priority, int maxAttempts, JobState state,
            @Nullable Instant runAt, Duration delay, @Nullable Duration timeout, List<String> tags,
            Map<String, String> metadata) {
        this(kind, queue, args, priority, maxAttempts, state, runAt, delay, timeout, tags, metadata, null);
    }

    /**
     * The time limits of a new job beyond its per-attempt timeout, as given at enqueue: the store turns
     * the relative ones into times on its own clock when it inserts the row. SPI record.
     *
     * @param startWithin      how long after becoming due (its run-at, or the insert for a job due now)
     *                         the job may wait for its first start; the store keeps {@code scheduled_at +
     *                         startWithin} as {@link dev.stevedore.Job#startBy()}. Null for no limit.
     * @param deadline         the moment the whole job, retries included, must be done by; null for none
     *                         or for {@code deadlineIn}
     * @param deadlineIn       the job deadline as a span from the insert (store clock); used when
     *                         {@code deadline} is null, null for none
     * @param heartbeatTimeout the longest a running attempt may go without a heartbeat, or null for the
     *                         kind's (resolved when the job runs, like the per-attempt timeout)
     */
    public record TimeLimits(
            @Nullable Duration startWithin,
            @Nullable Instant deadline,
            @Nullable Duration deadlineIn,
            @Nullable Duration heartbeatTimeout) {

        /** No limits. */
        public static final TimeLimits NONE = new TimeLimits(null, null, null, null);

        public TimeLimits {
            positive("startWithin", startWithin);
            positive("deadlineIn", deadlineIn);
            positive("heartbeatTimeout", heartbeatTimeout);
            if (deadline != null && deadlineIn != null) {
                throw new IllegalArgumentException("give the job deadline as a moment or as a span, not both ("
                        + deadline + ", " + deadlineIn + ")");
            }
        }

        private static void positive(String what, @Nullable Duration value) {
            if (value != null && (value.isNegative() || value.isZero())) {
                throw new IllegalArgumentException(what + " must be > 0, was " + value);
            }
        }
    }
}
