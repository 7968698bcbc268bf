package dev.stevedore;

import dev.stevedore.spi.Store;
import java.time.InstantSource;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sums this node's job events per minute, queue and kind, and adds the sums to the store's statistics
 * every {@link #INTERVAL} (and when the node stops). The job's own path only updates a counter in
 * memory; the write is one statement per flush whatever the number of jobs. When the store is away the
 * sums wait for the next flush, up to {@link #MAX_BUCKETS} of them; beyond that the oldest are dropped
 * with a warning rather than let memory grow.
 */
final class StatsRecorder extends Service implements JobListener {
    static final Duration INTERVAL = Duration.ofSeconds(10);
    static final int MAX_BUCKETS = 20_000;
    private static final Logger LOG = LoggerFactory.getLogger(StatsRecorder.class);

    private final Store store;
    private final InstantSource clock;
    /** Job threads add under the read lock; a flush swaps the map under the write lock, so no event lands in a map already written. */
    private final ReentrantReadWriteLock swap = new ReentrantReadWriteLock();
    private Map<Key, Sums> pending = new ConcurrentHashMap<>();
    /** Sums a failed write left, added to the next flush's (only the service thread touches it). */
    private Map<Key, StatsBucket> unwritten = new HashMap<>();

    StatsRecorder(Store store, InstantSource clock) {
        super("stats");
        this.store = store;
        this.clock = clock;
    }

    private record Key(Instant minute, String queue, String kind) {}

    /** One bucket's sums, added to by the job threads. */
    private static final class Sums {
        long completed;
        long failed;
        long retried;
        long discarded;
        long timedOut;
        long cancelled;
        long runs;
        long runTotal;
        long runMax;
        long starts;
        long waitTotal;
        long waitMax;

        synchronized void add(JobEvent event) {
            JobEvent.Type type = event.type();
            if (type == JobEvent.Type.STARTED) {
                Job job = event.job();
                long wait = job.attemptedAt() == null ? 0
                        : Math.max(0, Duration.between(job.scheduledAt(), job.attemptedAt()).toMillis());
                starts++;
                waitTotal += wait;
                waitMax = Math.max(waitMax, wait);
                return;
            }
            AttemptError error = event.error();
            switch (type) {
                case COMPLETED -> completed++;
                case RETRY_SCHEDULED -> retried++;
                case DISCARDED -> discarded++;
                case CANCELLED -> cancelled++;
                default -> { }
            }
            if (error != null) {
                failed++;
                if (error.category() == ErrorCategory.TIMEOUT) {
                    timedOut++;
                }
            }
            if (type == JobEvent.Type.COMPLETED || error != null) {
                long ran = event.duration().toMillis();
                runs++;
                runTotal += ran;
                runMax = Math.max(runMax, ran);
            }
        }

        synchronized StatsBucket bucket(Key key) {
            return new StatsBucket(key.minute(), StatsBucket.MINUTE, key.queue(), key.kind(), completed, failed, retried,
                    discarded, timedOut, cancelled, runs, runTotal, runMax, starts, waitTotal, waitMax);
        }
    }

    @Override
    public void onEvent(JobEvent event) {
        switch (event.type()) {
            case SNOOZED, HELD, RESCUED -> {
                if (event.error() == null) {
                    return; // not an execution's outcome: a snooze, a hand-back or a rescue
                }
            }
            default -> { }
        }
        Job job = event.job();
        Key key = new Key(clock.instant().truncatedTo(ChronoUnit.MINUTES), job.queue(), job.kind());
        swap.readLock().lock();
        try {
            pending.computeIfAbsent(key, k -> new Sums()).add(event);
        } finally {
            swap.readLock().unlock();
        }
    }

    @Override
    Duration interval() {
        return INTERVAL;
    }

    @Override
    boolean runOnce() {
        Map<Key, Sums> batch;
        swap.writeLock().lock();
        try {
            batch = pending;
            if (!batch.isEmpty()) {
                pending = new ConcurrentHashMap<>();
            }
        } finally {
            swap.writeLock().unlock();
        }
        Map<Key, StatsBucket> buckets = unwritten;
        batch.forEach((key, sums) -> buckets.merge(key, sums.bucket(key), StatsBucket::plus));
        if (buckets.isEmpty()) {
            return false;
        }
        unwritten = new HashMap<>();
        try {
            store.statsRecord(List.copyOf(buckets.values()));
        } catch (RuntimeException e) {
            keepForNextFlush(buckets);
            throw e;
        }
        return false;
    }

    /** Sums that were not written wait for the next flush, the oldest dropped beyond the cap. */
    private void keepForNextFlush(Map<Key, StatsBucket> buckets) {
        int excess = buckets.size() - MAX_BUCKETS;
        if (excess > 0) {
            buckets.keySet().stream().sorted(Comparator.comparing(Key::minute)).limit(excess).toList()
                    .forEach(buckets::remove);
            LOG.warn("statistics could not be written for a while; dropped the {} oldest minute bucket(s)", excess);
        }
        unwritten = buckets;
    }

    @Override
    void afterStop() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.warn("this node's last statistics were not written: {}", e.toString());
        }
    }
}
