package dev.stevedore;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before the next attempt after a failure.
 *
 * <p>The default is exponential with jitter: {@code base × 2^(attempt−1)}, capped at {@code max},
 * then multiplied by a random factor in {@code [1 − jitter, 1 + jitter]} so that jobs failing together
 * do not retry together. A job may override a single delay by throwing {@link Outcome#retryAfter}.
 */
@FunctionalInterface
public interface RetryPolicy {
    /** Default first delay: 15 seconds. */
    Duration DEFAULT_BASE = Duration.ofSeconds(15);
    /** Default cap on any single delay: 6 hours. */
    Duration DEFAULT_MAX = Duration.ofHours(6);
    /** Default jitter: ±20 %. */
    double DEFAULT_JITTER = 0.2;

    /** The delay before the attempt following failed attempt {@code attempt} (1-based). */
    Duration delayAfter(int attempt);

    /** The default policy: 15 s, 30 s, 1 min, 2 min … capped at 6 h, ±20 % jitter. */
    static RetryPolicy exponential() {
        return exponential(DEFAULT_BASE, DEFAULT_MAX, DEFAULT_JITTER);
    }

    /**
     * Exponential backoff.
     *
     * @param base   the first delay, &gt; 0
     * @param max    the cap on any delay, ≥ base
     * @param jitter the random spread as a fraction, in [0, 1)
     */
    static RetryPolicy exponential(Duration base, Duration max, double jitter) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(max, "max");
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("base must be > 0, was " + base);
        }
        if (max.compareTo(base) < 0) {
            throw new IllegalArgumentException("max must be ≥ base (" + base + "), was " + max);
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitter must be in [0, 1), was " + jitter);
        }
        return attempt -> {
            int exponent = Math.max(0, Math.min(attempt - 1, 40));
            double nanos = Math.min((double) base.toNanos() * Math.pow(2, exponent), (double) max.toNanos());
            double factor = jitter == 0 ? 1 : 1 + ThreadLocalRandom.current().nextDouble(-jitter, jitter);
            return Duration.ofNanos((long) (nanos * factor));
        };
    }

    /** The same delay after every failure. */
    static RetryPolicy fixed(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must be ≥ 0, was " + delay);
        }
        return attempt -> delay;
    }
}
