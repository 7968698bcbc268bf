package dev.stevedore;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Something that happened to a job, published on the node's event bus after it is stored: on the
 * node that ran the job, or on the leader for {@link Type#RESCUED}, {@link Type#QUARANTINED} and for jobs discarded by their
 * deadline before they ran. One kind of {@link StevedoreEvent}.
 *
 * @param type     what happened
 * @param job      the job as claimed for this execution (its state is the claimed one)
 * @param duration how long the execution ran (zero for events that are not executions)
 * @param error    the attempt's error, for failures
 */
public record JobEvent(Type type, Job job, Duration duration, @Nullable AttemptError error) implements StevedoreEvent {

    /** What happened. */
    public enum Type {
        /** An execution started. */
        STARTED,
        /** The job completed. */
        COMPLETED,
        /** The attempt failed and another is scheduled. */
        RETRY_SCHEDULED,
        /** The job was snoozed or handed back without using an attempt. */
        SNOOZED,
        /** The job is held for an operator. */
        HELD,
        /** The job was discarded. */
        DISCARDED,
        /** The job was cancelled. */
        CANCELLED,
        /** The job's node was lost and the leader rescued it. */
        RESCUED,
        /**
         * The job's node was lost while running it, again: the job reached its crash limit
         * ({@link StevedoreBuilder#quarantineAfterCrashes}) and the rescue held it for an operator
         * instead of retrying it. Published in place of {@link #RESCUED}; the error is the rescue's.
         */
        QUARANTINED;

        /**
         * The word metrics and traces use for this event: its name in lower case, except
         * {@code "retried"} for {@link #RETRY_SCHEDULED}.
         */
        public String label() {
            return this == RETRY_SCHEDULED ? "retried" : name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
