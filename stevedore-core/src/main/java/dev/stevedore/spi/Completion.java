package dev.stevedore.spi;

import dev.stevedore.AttemptError;
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
 * A non-null {@code error} is appended to the job's errors and sets its error category.
 *
 * @param jobId      the job
 * @param attempt    the attempt this execution claimed
 * @param state      the new state
 * @param runIn      delay before the job is due again (zero when not rescheduled)
 * @param error      the attempt's error, if it failed
 * @param attemptUse whether this execution counts as an attempt
 */
public record Completion(
        long jobId,
        int attempt,
        JobState state,
        Duration runIn,
        @Nullable AttemptError error,
        AttemptUse attemptUse) {

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
