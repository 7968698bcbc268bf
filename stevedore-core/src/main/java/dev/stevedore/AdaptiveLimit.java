package dev.stevedore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A queue's concurrency that follows its downstream: it widens while jobs stay as fast as they were at
 * their best and rarely fail, and narrows when they slow down or fail with errors that mean the
 * downstream is struggling (transient, timeout), always within {@code [min, max]}.
 *
 * <p>The rule is additive increase, multiplicative decrease, over windows of completed executions
 * (at least ten, and at least the current limit, so a wide lane is judged on a fair sample):
 * <ul>
 *   <li>more than {@value #MAX_FAILURE_SHARE} of the window failed that way, or its mean duration is
 *       over {@value #SLOW_FACTOR}× the baseline: the limit drops by a quarter;</li>
 *   <li>otherwise, if the lane was busy (every slot taken while work waited), it grows by an eighth
 *       (at least one).</li>
 * </ul>
 * The baseline is the fastest window mean seen, drifting up 5% a window so that a downstream whose
 * normal pace changes for good is not judged slow for ever.
 */
final class AdaptiveLimit {
    static final double MAX_FAILURE_SHARE = 0.1;
    static final double SLOW_FACTOR = 2.0;
    private static final int MIN_WINDOW = 10;
    private static final Logger LOG = LoggerFactory.getLogger(AdaptiveLimit.class);

    private final String queue;
    private final int min;
    private final int max;
    private volatile int limit;
    private int samples;
    private int failures;
    private long totalNanos;
    private boolean busy;
    private double baselineNanos = Double.NaN;

    AdaptiveLimit(String queue, int min, int max) {
        this.queue = queue;
        this.min = min;
        this.max = max;
        this.limit = min;
    }

    int limit() {
        return limit;
    }

    /**
     * One execution ended after {@code nanos}; {@code failed} when it failed in a way that blames the
     * downstream; {@code busy} when the lane had every slot taken and work waiting.
     */
    synchronized void record(long nanos, boolean failed, boolean busy) {
        samples++;
        totalNanos += nanos;
        if (failed) {
            failures++;
        }
        this.busy |= busy;
        if (samples < Math.max(MIN_WINDOW, limit)) {
            return;
        }
        double mean = (double) totalNanos / samples;
        double failureShare = (double) failures / samples;
        baselineNanos = Double.isNaN(baselineNanos) ? mean : Math.min(baselineNanos * 1.05, mean);
        int before = limit;
        if (failureShare > MAX_FAILURE_SHARE || mean > SLOW_FACTOR * baselineNanos) {
            limit = Math.max(min, before - Math.max(1, before / 4));
            if (limit != before) {
                LOG.info("queue {}: concurrency {} → {} ({}% of the last {} jobs failed, mean {} ms against a best of {} ms)",
                        queue, before, limit, Math.round(100 * failureShare), samples, Math.round(mean / 1e6),
                        Math.round(baselineNanos / 1e6));
            }
        } else if (this.busy) {
            limit = Math.min(max, before + Math.max(1, before / 8));
            if (limit != before) {
                LOG.debug("queue {}: concurrency {} → {} (healthy and busy)", queue, before, limit);
            }
        }
        samples = 0;
        failures = 0;
        totalNanos = 0;
        this.busy = false;
    }
}
