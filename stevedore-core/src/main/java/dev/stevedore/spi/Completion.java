package dev.stevedore.spi;

import dev.stevedore.AttemptError;
import dev.stevedore.Job;
import dev.stevedore.JobState;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one execution, to be written back fenced by {@code (jobId, attempt)}. SPI record.
 *
 * <p>{@code state} is the new state: {@code COMPLETED}, {@code RETRYABLE}, {@code SCHEDULED}
 * (snoozed), {@code AVAILABLE} (handed back at shutdown), {@code HELD}, {@code DISCARDED} or
 * {@code CANCELLED}. For {@code RETRYABLE}, {@code SCHEDULED} and {@code AVAILABLE} the job's
 * {@code scheduled_at} becomes store-now + {@code runIn}; final states set {@code finished_at}.
 * When {@code attemptUse} is {@code REFUNDED}, {@code max_attempts} grows by one so the execution
 * does not count against the job (the attempt counter itself only ever grows: it is the fence).
 * A non-null {@code error} is appended to the job's errors and sets its error category. A non-null
 * {@code output} (JSON) replaces the job's output and a non-null {@code progress} its progress; null
 * keeps what the job has, so executions that record neither write nothing extra.
 *
 * <p>When a cancel was requested for the job ({@code cancel_requested_at} is set) and {@code state}
 * would let it run again or wait for an operator ({@code RETRYABLE}, {@code SCHEDULED}, {@code AVAILABLE},
 * {@code HELD}), the job becomes {@code CANCELLED} instead: a cancel the node had not seen yet still
 * stops it. Final outcomes ({@code COMPLETED}, {@code DISCARDED}) stand.
 *
 * @param jobId      the job
 * @param attempt    the attempt this execution claimed
 * @param state      the new state
 * @param runIn      delay before the job is due again (zero when not rescheduled)
 * @param error      the attempt's error, if it failed
 * @param attemptUse whether this execution counts as an attempt
 * @param output     the output the handler recorded, as JSON, or null
 * @param progress   the latest progress the handler reported, or null
 */
public record Completion(
        long jobId,
        int attempt,
        JobState state,
        Duration runIn,
        @Nullable AttemptError error,
        AttemptUse attemptUse,
        @Nullable String output,
        Job.@Nullable Progress progress) {

    /** An outcome without output or progress. */
    public Completion(long jobId, int attempt, JobState state, Duration runIn, @Nullable AttemptError error,
                      AttemptUse attemptUse) {
        this(jobId, attempt, state, runIn, error, attemptUse, null, null);
    }

    /** Whether an execution counts against the job's attempts. */
    public enum AttemptUse {
        /** It counts (completed, failed, discarded …). */
        CONSUMED,
        /** It does not count (snoozed, or handed back at shutdown). */
        REFUNDED
    }

    public Completion {
        if (state == JobState.RUNNING) {
            throw new IllegalArgumentException("a completion leaves running; state was " + state);
        }
        if (runIn.isNegative()) {
            throw new IllegalArgumentException("runIn must be ≥ 0, was " + runIn);
        }
    }
}
