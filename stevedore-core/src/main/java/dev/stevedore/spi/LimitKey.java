package dev.stevedore.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * One flow limit a claimed job must pass before it starts, for one key: at most {@code concurrency}
 * jobs of the key running at once, and at most {@code rate} starts in any window of {@code period}.
 * Either bound may be absent (0). SPI record.
 *
 * @param key         the limit's name and the job's key value, e.g. {@code "stripe:acct_42"}
 * @param concurrency the most jobs of this key running at once, cluster-wide; 0 for no such bound
 * @param rate        the most starts of this key in any window of {@code period}; 0 for no such bound
 * @param period      the rate window; ignored when {@code rate} is 0
 * @param fifo        with a concurrency bound: jobs of the key start in the order they were enqueued (by
 *                    id); a job refused once keeps its place, and no later job of the key starts before it
 */
public record LimitKey(String key, int concurrency, int rate, Duration period, boolean fifo) {
    /** Rate windows are counted in this many slots (plus the current one): see {@link #slotMillis()}. */
    public static final int SLOTS = 10;

    public LimitKey {
        Objects.requireNonNull(key, "key");
        if (concurrency < 0 || rate < 0 || (concurrency == 0 && rate == 0)) {
            throw new IllegalArgumentException("a limit needs concurrency > 0 or rate > 0, was " + concurrency + "/" + rate);
        }
        if (rate > 0 && (period == null || period.toMillis() < 1)) {
            throw new IllegalArgumentException("a rate needs a period of at least 1 ms, was " + period);
        }
        if (fifo && concurrency == 0) {
            throw new IllegalArgumentException("first-in-first-out needs a concurrency bound");
        }
    }

    /** A limit without first-in-first-out order. */
    public LimitKey(String key, int concurrency, int rate, Duration period) {
        this(key, concurrency, rate, period, false);
    }

    /**
     * Width of one counting slot of the rate window: a tenth of the period (at least 1 ms). Starts are
     * counted per slot, and a window counts the current slot and the {@value #SLOTS} before it, which
     * covers every start of the last period and a little more: the limit can run slightly under its
     * rate, never over it.
     */
    public long slotMillis() {
        return Math.max(1, period.toMillis() / SLOTS);
    }
}
