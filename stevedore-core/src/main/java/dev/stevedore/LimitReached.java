package dev.stevedore;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Which time limit ended (or refused) an execution, as it is recorded on the job: an error class that
 * names the limit (no Java class of that name exists; like {@code dev.stevedore.NodeLost}, it names
 * the cause) and a message that gives the option and its value. The stores write the two waiting-job
 * cases with the same classes and wording (see their {@code job_expire} queries).
 *
 * @param errorClass one of the four constants here
 * @param message    what passed, with the option's name and value
 */
record LimitReached(String errorClass, String message) {
    static final String START_DEADLINE = "dev.stevedore.StartDeadline";
    static final String JOB_DEADLINE = "dev.stevedore.JobDeadline";
    static final String ATTEMPT_TIMEOUT = "dev.stevedore.AttemptTimeout";
    static final String HEARTBEAT_TIMEOUT = "dev.stevedore.HeartbeatTimeout";

    /** The first claim came after the start deadline. */
    static LimitReached notStartedInTime(Job job, Instant startBy, Instant claimedAt, String nodeId) {
        return new LimitReached(START_DEADLINE, "not started within startWithin "
                + Duration.between(job.scheduledAt(), startBy) + " of becoming due (start deadline " + startBy
                + "; claimed at " + claimedAt + "); discarded by " + nodeId + " without running");
    }

    /** A claim came after the job deadline. */
    static LimitReached deadlineBeforeAttempt(Job job, Instant deadline, Instant claimedAt, String nodeId) {
        return new LimitReached(JOB_DEADLINE, "job deadline " + deadline + " passed before attempt " + job.attempt()
                + " started (claimed at " + claimedAt + "); discarded by " + nodeId + " without running");
    }

    /** The attempt ran as long as its timeout allows. */
    static LimitReached attemptTimeout(Duration timeout) {
        return new LimitReached(ATTEMPT_TIMEOUT, "attempt ran past its timeout " + timeout);
    }

    /** The attempt ran until the job deadline, which came before its own timeout. */
    static LimitReached deadlineDuringAttempt(Job job, Instant deadline) {
        return new LimitReached(JOB_DEADLINE, "job deadline " + deadline + " passed during attempt " + job.attempt());
    }

    /** The handler went without a heartbeat for longer than allowed. */
    static LimitReached heartbeatSilence(Duration silent, Duration heartbeatTimeout) {
        return new LimitReached(HEARTBEAT_TIMEOUT, "no heartbeat for " + silent.truncatedTo(ChronoUnit.MILLIS)
                + ", past its heartbeatTimeout " + heartbeatTimeout);
    }

    /** A wait without an attempt (a snooze, flow control) that would end after the job deadline. */
    static LimitReached waitPastDeadline(String waiting, Duration wait, Instant deadline) {
        return new LimitReached(JOB_DEADLINE, waiting + " for " + wait + ", past its job deadline " + deadline
                + "; discarded");
    }
}
