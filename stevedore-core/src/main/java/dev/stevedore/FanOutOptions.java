package dev.stevedore;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Options of a {@linkplain Stevedore#fanOut fan-out}:
 * {@code f -> f.perSlot(200).slotWidth(Duration.ofMinutes(1)).job(o -> o.queue("sync"))}.
 *
 * <p>Items are spread over consecutive time slots from the fan-out's start: the first
 * {@code perSlot} items in the first slot, the next {@code perSlot} in the second, and so on, each
 * at a point inside its slot fixed by a hash of its job (so runs do not all start on the slot's edge,
 * and a resumed fan-out picks the same points). A queue then receives at most {@code perSlot} jobs
 * of the fan-out per {@code slotWidth}.
 */
public final class FanOutOptions {
    /** Default items per slot. */
    public static final int DEFAULT_PER_SLOT = 100;
    /** Default slot width: one second. */
    public static final Duration DEFAULT_SLOT_WIDTH = Duration.ofSeconds(1);
    /** Default items asked of the source per page. */
    public static final int DEFAULT_PAGE_SIZE = 500;
    /** The largest {@link #perSlot(int)}. */
    public static final int MAX_PER_SLOT = 1_000_000;
    /** The largest {@link #pageSize(int)}. */
    public static final int MAX_PAGE_SIZE = 10_000;
    /** The widest {@link #slotWidth(Duration)}. */
    public static final Duration MAX_SLOT_WIDTH = Duration.ofDays(1);

    int perSlot = DEFAULT_PER_SLOT;
    Duration slotWidth = DEFAULT_SLOT_WIDTH;
    int pageSize = DEFAULT_PAGE_SIZE;
    Consumer<JobOptions> jobOptions = o -> {};

    FanOutOptions() {}

    /** Jobs per time slot; 1..{@value #MAX_PER_SLOT}, default {@value #DEFAULT_PER_SLOT}. */
    public FanOutOptions perSlot(int items) {
        this.perSlot = Names.checkRange("perSlot", items, 1, MAX_PER_SLOT);
        return this;
    }

    /** How long each time slot lasts; 1 ms..1 day, default 1 second. */
    public FanOutOptions slotWidth(Duration width) {
        Objects.requireNonNull(width, "width");
        if (width.compareTo(Duration.ofMillis(1)) < 0 || width.compareTo(MAX_SLOT_WIDTH) > 0) {
            throw new IllegalArgumentException("slotWidth must be in [PT0.001S, " + MAX_SLOT_WIDTH + "], was " + width);
        }
        this.slotWidth = width;
        return this;
    }

    /**
     * Items asked of the source at once; each page is enqueued in one transaction that also records
     * the progress. 1..{@value #MAX_PAGE_SIZE}, default {@value #DEFAULT_PAGE_SIZE}.
     */
    public FanOutOptions pageSize(int items) {
        this.pageSize = Names.checkRange("pageSize", items, 1, MAX_PAGE_SIZE);
        return this;
    }

    /**
     * Options of every job (queue, priority, attempts, timeout, tags, metadata). The run time and the
     * uniqueness are the fan-out's: {@code at}, {@code in} and {@code unique} given here are replaced.
     */
    public FanOutOptions job(Consumer<JobOptions> options) {
        this.jobOptions = Objects.requireNonNull(options, "options");
        return this;
    }
}
