package dev.stevedore.postgres.chaos;

import dev.stevedore.Enqueued;
import dev.stevedore.Stevedore;
import dev.stevedore.spi.StoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;

/**
 * Enqueues the unique jobs while the disruptions go on, each twice: the second must be refused as a
 * duplicate. An enqueue that fails because the database is away is retried until acknowledged, as
 * an application would; uniqueness is what makes that retry safe.
 */
final class UniqueEnqueuer implements Runnable {
    private final Stevedore client;
    private final ChaosProfile profile;
    private final List<Long> acknowledged = new ArrayList<>();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();

    UniqueEnqueuer(Stevedore client, ChaosProfile profile) {
        this.client = client;
        this.profile = profile;
    }

    @Override
    public void run() {
        List<Long> refs = LongStream.range(0, profile.jobs()).filter(ChaosJobs::isUnique).boxed().toList();
        long pauseNanos = profile.window().toNanos() / Math.max(1, refs.size());
        long next = System.nanoTime();
        for (long ref : refs) {
            // Acknowledged either way: a "duplicate" here means an earlier try committed but its answer was lost.
            enqueue(ref);
            synchronized (acknowledged) {
                acknowledged.add(ref);
            }
            if (enqueue(ref).duplicate()) {
                refused.incrementAndGet();
            }
            next += pauseNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }

    private Enqueued enqueue(long ref) {
        while (true) {
            try {
                return client.enqueue(ChaosJobs.job(ref));
            } catch (StoreException e) {
                failures.incrementAndGet();
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            }
        }
    }

    List<Long> acknowledged() {
        synchronized (acknowledged) {
            return List.copyOf(acknowledged);
        }
    }

    int refused() {
        return refused.get();
    }

    int failures() {
        return failures.get();
    }
}
