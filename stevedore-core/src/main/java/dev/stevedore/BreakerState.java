package dev.stevedore;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A circuit breaker as every node sees it (it is stored, so it is shared by the cluster).
 *
 * @param name     the breaker's name
 * @param status   closed (jobs run), open (jobs wait, no attempt used) or half-open (one probe runs)
 * @param since    when it entered this status
 * @param openUntil for an open breaker, when its cool-down ends and a probe may run; null otherwise
 * @param reason   why it last changed, in words (the failures that opened it, the probe that closed it)
 */
public record BreakerState(String name, Status status, Instant since, @Nullable Instant openUntil, String reason) {

    /** Where a breaker is in its cycle. */
    public enum Status {
        /** Jobs run; failures are counted. */
        CLOSED,
        /** Jobs wait (snoozed, no attempt used) until the cool-down ends. */
        OPEN,
        /** The cool-down ended and one probe job runs: its success closes the breaker, its failure opens it again. */
        HALF_OPEN;

        /** The name stored in the database. */
        public String dbName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The status for a stored name. */
        public static Status fromDb(String name) {
            return valueOf(name.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** A breaker that never opened. */
    public static BreakerState closed(String name, Instant since) {
        return new BreakerState(name, Status.CLOSED, since, null, "");
    }
}
