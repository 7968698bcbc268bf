package dev.stevedore.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * How many crashes a job may cause before a rescue quarantines it. SPI record.
 *
 * <p>A crash is a rescue of the job from a node that died while running it. A rescue that counts
 * crashes records the crash on the job, keeping only the crashes within {@code window} of it; when
 * that makes {@code crashes} or more, the job is {@code held} with its quarantine time set instead of
 * retried. A crash that does not quarantine gives back the attempt it used ({@code max_attempts} grows
 * by one, as a snooze does): crashes have their own budget, so a poison pill is told apart from a job
 * that ran out of ordinary retries.
 *
 * @param crashes how many crashes within the window quarantine the job, at least 1
 * @param window  how far back crashes count, positive
 */
public record CrashLimit(int crashes, Duration window) {
    public CrashLimit {
        Objects.requireNonNull(window, "window");
        if (crashes < 1) {
            throw new IllegalArgumentException("crashes must be ≥ 1, was " + crashes);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("crash window must be positive, was " + window);
        }
    }
}
