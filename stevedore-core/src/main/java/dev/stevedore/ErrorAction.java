package dev.stevedore;

/** What the runtime does with a job whose attempt failed. */
public enum ErrorAction {
    /** Schedule another attempt after the kind's backoff, or discard when attempts are used up. */
    RETRY,
    /** Move the job to {@link JobState#HELD} until an operator acts. */
    HOLD,
    /** Move the job to {@link JobState#DISCARDED} now. */
    DISCARD
}
