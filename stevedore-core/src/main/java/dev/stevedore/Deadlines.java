package dev.stevedore;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The runtime's side of a job's start and job deadlines: what a claimed job may still do. Pure: every
 * time it compares is the store's ({@link Job#attemptedAt()} is the claim, on the store's clock, as
 * are {@link Job#startBy()} and {@link Job#deadline()}), advanced by the attempt's own elapsed time, so
 * a node whose clock is off still agrees with the leader's sweep. Each check is a null test for jobs
 * without deadlines: no store round trip, nothing on the hot path.
 */
final class Deadlines {
    private Deadlines() {}

    /**
     * Why a job just claimed must not run, or null when it may: its job deadline passed, or this is its
     * first start and its start deadline passed. Only the first start counts for the start deadline: a
     * job handed back or retried has started already.
     */
    static @Nullable LimitReached atClaim(Job job, String nodeId) {
        Instant claimedAt = job.attemptedAt();
        if (claimedAt == null) {
            return null;
        }
        Instant deadline = job.deadline();
        if (deadline != null && !claimedAt.isBefore(deadline)) {
            return LimitReached.deadlineBeforeAttempt(job, deadline, claimedAt, nodeId);
        }
        Instant startBy = job.startBy();
        if (startBy != null && job.attempt() == 1 && claimedAt.isAfter(startBy)) {
            return LimitReached.notStartedInTime(job, startBy, claimedAt, nodeId);
        }
        return null;
    }

    /**
     * How long an attempt may run: its timeout, or the time left before the job deadline when that is
     * shorter; and what to record when it runs that long.
     *
     * @param allowed         from the attempt's start
     * @param reachedDeadline the job deadline the attempt then runs into, or null when its own timeout ends it
     */
    record Budget(Duration allowed, @Nullable LimitReached reachedDeadline) {
        /** The limit the attempt runs into: worded only when asked (nearly every attempt ends well before). */
        LimitReached whenReached() {
            return reachedDeadline != null ? reachedDeadline : LimitReached.attemptTimeout(allowed);
        }
    }

    static Budget budget(Job job, Duration timeout) {
        Instant deadline = job.deadline();
        Instant claimedAt = job.attemptedAt();
        if (deadline != null && claimedAt != null) {
            Duration left = Duration.between(claimedAt, deadline);
            if (left.compareTo(timeout) < 0) {
                return new Budget(left.isNegative() ? Duration.ZERO : left,
                        LimitReached.deadlineDuringAttempt(job, deadline));
            }
        }
        return new Budget(timeout, null);
    }

    /**
     * Why the job must not run again after {@code runIn}, or null when it may: the next run would start
     * at or after its job deadline. Now is the claim plus the time the attempt {@code ran}.
     */
    static @Nullable String tooLateToRunAgain(Job job, Duration ran, Duration runIn) {
        Instant deadline = job.deadline();
        Instant claimedAt = job.attemptedAt();
        if (deadline == null || claimedAt == null) {
            return null;
        }
        Instant next = claimedAt.plus(ran).plus(runIn);
        return next.isBefore(deadline) ? null
                : "not retried: the next attempt (in " + runIn + ") would start after the job deadline " + deadline;
    }
}
