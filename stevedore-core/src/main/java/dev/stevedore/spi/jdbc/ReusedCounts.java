package dev.stevedore.spi.jdbc;

import dev.stevedore.spi.QueueCount;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Job counts per queue and state ({@link dev.stevedore.spi.Store#queueCounts()}) served again for a
 * moment when they were costly to read, and then read again in the background while the last ones are
 * still served. For store authors.
 *
 * <p>Many readers ask for these counts: the metrics gauges, the leader's queue sampler, every health
 * read, each dashboard view (the overview reads them twice: its counters and its health scores) and
 * each open dashboard's live counters. On a table of millions of jobs one read walks hundreds of
 * thousands of index entries (about 100 ms for 1.8 million available jobs in SQLite), which alone is
 * half of a dashboard page's 200 ms budget. So counts that sum to {@link #LARGE} jobs or more are:
 * <ul>
 *   <li>served again to whoever asks within their reuse window: {@link #REUSE}, or ten times as long as
 *       the read took if that is longer, so that however many ask, counting takes at most a tenth of
 *       one connection's time;</li>
 *   <li>served again for {@link #STALE} more, while one read on a virtual thread takes their place: the
 *       asker does not wait for a count that a moment ago was fresh;</li>
 *   <li>read by the asker once older than that, as nobody asked meanwhile.</li>
 * </ul>
 * Smaller counts are cheap and always read afresh, so a small table's counts are always current. A
 * background read that fails is logged at debug level and leaves the last counts to age out: the next
 * asker after that reads itself and sees the failure.
 */
public final class ReusedCounts {
    /** Counts summing to this many jobs or more are served again. */
    public static final long LARGE = 100_000;
    /** The shortest reuse window, from the start of the read. */
    public static final Duration REUSE = Duration.ofSeconds(1);
    /** How long past its reuse window a costly read is still served while a fresh one is taken. */
    public static final Duration STALE = Duration.ofSeconds(4);
    /** A read's reuse window is at least this many times as long as the read took. */
    static final int REUSE_PER_READ_TIME = 10;
    private static final Logger LOG = LoggerFactory.getLogger(ReusedCounts.class);

    private final Supplier<List<QueueCount>> read;
    private final LongSupplier nanoTime;
    /** Starts a task on a thread of its own (a virtual thread; tests run it when they choose). */
    private final Consumer<Runnable> background;
    private final AtomicReference<Taken> last = new AtomicReference<>();
    private final AtomicBoolean reading = new AtomicBoolean();

    /** Counts taken by a costly read, started at {@code startedAt}, served until {@code reusedUntil}. */
    private record Taken(List<QueueCount> counts, long startedAt, long reusedUntil) {}

    /** Counts read by {@code read}, reused as above. */
    public ReusedCounts(Supplier<List<QueueCount>> read) {
        this(read, System::nanoTime, task -> Thread.ofVirtual().name("stevedore-counts").start(task));
    }

    ReusedCounts(Supplier<List<QueueCount>> read, LongSupplier nanoTime, Consumer<Runnable> background) {
        this.read = read;
        this.nanoTime = nanoTime;
        this.background = background;
    }

    /** The counts: those of a costly read still in its window, or read now (see the class comment). */
    public List<QueueCount> get() {
        long now = nanoTime.getAsLong();
        Taken taken = last.get();
        if (taken != null && now - taken.reusedUntil() < 0) {
            return taken.counts();
        }
        if (taken != null && now - taken.reusedUntil() < STALE.toNanos()) {
            readInBackground();
            return taken.counts();
        }
        return readNow();
    }

    private void readInBackground() {
        if (!reading.compareAndSet(false, true)) {
            return; // one is on its way
        }
        try {
            background.accept(() -> {
                try {
                    readNow();
                } catch (RuntimeException e) {
                    LOG.debug("counting jobs per queue and state in the background failed: {}", e.toString());
                } finally {
                    reading.set(false);
                }
            });
        } catch (RuntimeException e) {
            reading.set(false);
            throw e;
        }
    }

    private List<QueueCount> readNow() {
        long started = nanoTime.getAsLong();
        List<QueueCount> counts = List.copyOf(read.get());
        long took = nanoTime.getAsLong() - started;
        long jobs = 0;
        for (QueueCount count : counts) {
            jobs += count.count();
        }
        Taken taken = jobs >= LARGE
                ? new Taken(counts, started, started + Math.max(REUSE.toNanos(), REUSE_PER_READ_TIME * took))
                : null;
        // A read that started before the one kept does not replace it (two reads may overlap).
        last.updateAndGet(kept -> kept != null && taken != null && kept.startedAt() - started > 0 ? kept : taken);
        return counts;
    }
}
