package dev.stevedore.spi.jdbc;

import dev.stevedore.spi.QueueCount;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Job counts per queue and state ({@link dev.stevedore.spi.Store#queueCounts()}) served again for a
 * moment when they were costly to read. Many readers ask for them: the metrics gauges, the leader's
 * queue sampler, every health read, each dashboard view (the overview reads them twice: its counters
 * and its health scores) and each open dashboard's live counters. On a table of millions of jobs one
 * read walks hundreds of thousands of index entries (150 ms for 1.8 million waiting jobs in SQLite), so
 * counts that sum to {@link #LARGE} jobs or more are served again to whoever asks within {@link #REUSE}
 * of the read's start, and are that much older than a fresh read would be. Smaller counts are cheap and
 * always read afresh, so a small table's counts are always current. For store authors.
 */
public final class ReusedCounts {
    /** Counts summing to this many jobs or more are served again within {@link #REUSE}. */
    public static final long LARGE = 100_000;
    /** How long costly counts are served again, from the start of the read that took them. */
    public static final Duration REUSE = Duration.ofSeconds(1);

    private final Supplier<List<QueueCount>> read;
    private final LongSupplier nanoTime;
    private volatile Taken last;

    private record Taken(List<QueueCount> counts, long startedAt) {}

    /** Counts read by {@code read}, reused as above. */
    public ReusedCounts(Supplier<List<QueueCount>> read) {
        this(read, System::nanoTime);
    }

    ReusedCounts(Supplier<List<QueueCount>> read, LongSupplier nanoTime) {
        this.read = read;
        this.nanoTime = nanoTime;
    }

    /** The counts: those of a costly read that started less than {@link #REUSE} ago, or read now. */
    public List<QueueCount> get() {
        long now = nanoTime.getAsLong();
        Taken taken = last;
        if (taken != null && now - taken.startedAt() < REUSE.toNanos()) {
            return taken.counts();
        }
        List<QueueCount> counts = List.copyOf(read.get());
        long jobs = 0;
        for (QueueCount count : counts) {
            jobs += count.count();
        }
        last = jobs >= LARGE ? new Taken(counts, now) : null;
        return counts;
    }
}
