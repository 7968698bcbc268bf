package dev.stevedore;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a job is in its life. The legal moves are written down once, in {@link #canMoveTo}, and
 * drawn in {@code docs/lifecycle.md}.
 */
public enum JobState {
    /** Waiting for its run-at time; the stager makes it available when due. */
    SCHEDULED,
    /** Ready to be claimed by a node serving its queue. */
    AVAILABLE,
    /** Claimed by a node; an execution is under way. */
    RUNNING,
    /** Failed an attempt and waits for its backoff to pass before it becomes available again. */
    RETRYABLE,
    /**
     * Failed in a way only a person can fix (for example an authentication error, or a kind no
     * node knows); waits for an operator to retry, cancel or discard it. Not retried automatically.
     */
    HELD,
    /** Finished successfully. Final. */
    COMPLETED,
    /** Gave up: out of attempts or a permanent error. Final (an operator may retry it). */
    DISCARDED,
    /** Cancelled by a handler or an operator. Final (an operator may retry it). */
    CANCELLED;

    private static final Set<JobState> FINAL = EnumSet.of(COMPLETED, DISCARDED, CANCELLED);

    /** Whether the job has finished and will not run again unless an operator retries it. */
    public boolean isFinal() {
        return FINAL.contains(this);
    }

    /** The lower-case name stored in the database and shown to operators. */
    public String dbName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses a stored state name. */
    public static JobState fromDb(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }

    /**
     * Whether the state machine allows moving from this state to {@code next}. Operator retries move
     * held, discarded and cancelled jobs back to available.
     */
    public boolean canMoveTo(JobState next) {
        return switch (this) {
            // Waiting jobs are discarded when a start or job deadline passes (the leader's sweep).
            case SCHEDULED, RETRYABLE -> next == AVAILABLE || next == CANCELLED || next == DISCARDED;
            case AVAILABLE -> next == RUNNING || next == CANCELLED || next == DISCARDED;
            case RUNNING -> next == COMPLETED || next == RETRYABLE || next == SCHEDULED
                    || next == AVAILABLE || next == HELD || next == DISCARDED || next == CANCELLED;
            case HELD -> next == AVAILABLE || next == DISCARDED || next == CANCELLED;
            case DISCARDED, CANCELLED -> next == AVAILABLE;
            case COMPLETED -> false;
        };
    }
}
