package dev.stevedore;

import java.time.Instant;

/**
 * An issue opened (a fingerprint failed for the first time) or regressed (a resolved issue failed
 * again), published on the node that recorded the failure, after the record is stored. Further
 * failures of an open issue publish nothing: it only counts.
 *
 * @param type       what happened
 * @param issueId    the issue's id (its fingerprint), for {@link Stevedore#issue(String)}
 * @param kind       the failing job kind
 * @param errorClass the exception's class
 * @param message    the latest failure's message
 * @param at         when the failure that opened or reopened it happened
 */
public record IssueChange(Type type, String issueId, String kind, String errorClass, String message, Instant at)
        implements StevedoreEvent {
    /** What happened. */
    public enum Type {
        /** The first failure of a new fingerprint. */
        OPENED,
        /** A resolved issue failed again and is open once more ({@link Issue#regressedAt()}). */
        REGRESSED
    }
}
