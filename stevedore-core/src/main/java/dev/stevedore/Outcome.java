package dev.stevedore;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An explicit decision a handler throws to end its job other than by completing it.
 *
 * <pre>{@code
 * if (rateLimited) throw Outcome.snooze(Duration.ofSeconds(30));   // try later, no attempt used
 * if (account.closed()) throw Outcome.cancel("account closed");
 * if (response.code() == 429) throw Outcome.retryAfter(retryAfter, "rate limited by API");
 * }</pre>
 *
 * <p>The set is closed: {@link Snooze}, {@link RetryAfter}, {@link RateLimited}, {@link Cancel}, {@link Discard}. These are
 * exceptions so a handler can end its job from deep inside its own call stack; they carry no stack trace.
 */
public abstract sealed class Outcome extends RuntimeException
        permits Outcome.Snooze, Outcome.RetryAfter, Outcome.RateLimited, Outcome.Cancel, Outcome.Discard {

    private static final long serialVersionUID = 1L;

    private Outcome(String message) {
        super(message, null, false, false);
    }

    /** Reschedules the job after {@code delay} without using an attempt. */
    public static Snooze snooze(Duration delay) {
        return new Snooze(delay);
    }

    /** Fails this attempt and retries after {@code delay} instead of the kind's backoff. */
    public static RetryAfter retryAfter(Duration delay, String reason) {
        return new RetryAfter(delay, reason);
    }

    /**
     * The job's downstream said "not before {@code until}" (say, a 429 with Retry-After): the job waits
     * until then without using an attempt, and so does every job sharing any of its
     * {@linkplain Limit limit} keys, on every node. A job under no limit is only snoozed.
     */
    public static RateLimited rateLimitedUntil(Instant until) {
        return new RateLimited(Objects.requireNonNull(until, "until"));
    }

    /** Ends the job as {@link JobState#CANCELLED}: it should not run again. */
    public static Cancel cancel(String reason) {
        return new Cancel(reason);
    }

    /** Ends the job as {@link JobState#DISCARDED}: it failed and retrying cannot help. */
    public static Discard discard(String reason) {
        return new Discard(reason);
    }

    private static Duration nonNegative(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must be ≥ 0, was " + delay);
        }
        return delay;
    }

    /** Reschedule without using an attempt. */
    public static final class Snooze extends Outcome {
        private static final long serialVersionUID = 1L;
        private final Duration delay;

        private Snooze(Duration delay) {
            super("snoozed for " + delay);
            this.delay = nonNegative(delay);
        }

        /** How long until the job runs again. */
        public Duration delay() {
            return delay;
        }
    }

    /** Fail this attempt and retry after a delay the job names (for example from a Retry-After header). */
    public static final class RetryAfter extends Outcome {
        private static final long serialVersionUID = 1L;
        private final Duration delay;

        private RetryAfter(Duration delay, String reason) {
            super(reason);
            this.delay = nonNegative(delay);
        }

        /** How long until the next attempt. */
        public Duration delay() {
            return delay;
        }
    }

    /** Wait, with every job of the same limit keys, until a time the downstream named. */
    public static final class RateLimited extends Outcome {
        private static final long serialVersionUID = 1L;
        private final Instant until;

        private RateLimited(Instant until) {
            super("rate limited until " + until);
            this.until = until;
        }

        /** When the job and its keys may run again. */
        public Instant until() {
            return until;
        }
    }

    /** Cancel the job. */
    public static final class Cancel extends Outcome {
        private static final long serialVersionUID = 1L;

        private Cancel(String reason) {
            super(reason);
        }
    }

    /** Discard the job. */
    public static final class Discard extends Outcome {
        private static final long serialVersionUID = 1L;

        private Discard(String reason) {
            super(reason);
        }
    }
}
