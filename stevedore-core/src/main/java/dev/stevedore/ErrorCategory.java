package dev.stevedore;

/**
 * What kind of failure an exception signals, and what to do about it by default.
 *
 * <p>The category of every failed attempt is stored with the job, so operators can tell "the API is
 * down" from "our credentials expired" from "this record no longer exists" without reading stacks.
 */
public enum ErrorCategory {
    /** A passing fault: network, a busy dependency, a lock. Retried with backoff. */
    TRANSIENT(ErrorAction.RETRY),
    /** The attempt ran past its timeout or was interrupted for it. Retried with backoff. */
    TIMEOUT(ErrorAction.RETRY),
    /** Credentials rejected. Retrying cannot help until a person fixes them: held. */
    AUTHENTICATION(ErrorAction.HOLD),
    /** The job's data is invalid and always will be (bad arguments, validation). Discarded. */
    PERMANENT(ErrorAction.DISCARD),
    /** The record the job is about no longer exists. Discarded. */
    MISSING_RECORD(ErrorAction.DISCARD),
    /**
     * A bug (null pointer, missing method, class cast). Retried with backoff, so a deploy that fixes
     * the bug lets the job succeed, until its attempts run out.
     */
    CODE(ErrorAction.RETRY);

    private final ErrorAction defaultAction;

    ErrorCategory(ErrorAction defaultAction) {
        this.defaultAction = defaultAction;
    }

    /** What happens to a job failing with this category unless configured otherwise. */
    public ErrorAction defaultAction() {
        return defaultAction;
    }
}
