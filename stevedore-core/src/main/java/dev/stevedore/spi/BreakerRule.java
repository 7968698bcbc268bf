package dev.stevedore.spi;

import java.time.Duration;

/**
 * When a breaker opens and for how long. SPI record, built by the runtime from the breaker's options.
 *
 * @param failures    open after this many counted failures within the window; 0 for no count bound
 * @param failureRate open when counted failures are at least this share of calls within the window
 *                    (0 for no rate bound), once there were {@code minCalls}
 * @param minCalls    calls (successes plus counted failures) the window needs before the rate applies
 * @param window      the span failures are counted over
 * @param coolDown    how long an opened breaker stays open before a probe may run
 */
public record BreakerRule(int failures, double failureRate, int minCalls, Duration window, Duration coolDown) {
    /** Width of one counting slot of the window: a tenth of it (at least 1 ms). */
    public long slotMillis() {
        return Math.max(1, window.toMillis() / LimitKey.SLOTS);
    }
}
