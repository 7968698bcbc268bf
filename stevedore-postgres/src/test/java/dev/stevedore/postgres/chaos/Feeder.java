package dev.stevedore.postgres.chaos;

import dev.stevedore.Stevedore;
import dev.stevedore.spi.StoreException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;

/**
 * Enqueues the run's jobs while the disruptions go on, evenly over most of the window, so that every
 * disruption meets work in flight: the ordinary jobs in chunks ({@code enqueueMany}, one transaction
 * each), the unique ones one by one and twice each — the second must be refused as a duplicate.
 *
 * <p>An enqueue that fails because the database is away is retried, as an application would. For a
 * unique job the retry is safe by design. For a chunk, the feeder first looks (on a connection of its
 * own, once the database answers) whether the failed transaction committed after all, and only
 * re-sends a chunk that is not there.
 */
final class Feeder implements Runnable {
    /** The share of the window the feeding takes: the rest lets the last jobs meet a disruption or two. */
    static final double FEEDING_SHARE = 0.8;
    private static final Duration RETRY = Duration.ofMillis(200);

    private final Stevedore client;
    private final String url;
    private final String schema;
    private final ChaosProfile profile;
    private final List<Long> acknowledgedUnique = new ArrayList<>();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();

    Feeder(Stevedore client, String url, String schema, ChaosProfile profile) {
        this.client = client;
        this.url = url;
        this.schema = schema;
        this.profile = profile;
    }

    @Override
    public void run() {
        int steps = (int) Math.max(1, profile.window().toSeconds() * FEEDING_SHARE * 4); // four a second
        long pause = (long) (profile.window().toNanos() * FEEDING_SHARE / steps);
        long next = System.nanoTime();
        for (int step = 0; step < steps; step++) {
            long from = (long) profile.jobs() * step / steps;
            long to = (long) profile.jobs() * (step + 1) / steps;
            List<Long> plain = LongStream.range(from, to).filter(r -> !ChaosJobs.isUnique(r)).boxed().toList();
            if (!plain.isEmpty()) {
                enqueueChunk(plain);
            }
            LongStream.range(from, to).filter(ChaosJobs::isUnique).forEach(this::enqueueUniqueTwice);
            next += pause;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }

    private void enqueueChunk(List<Long> refs) {
        while (true) {
            try {
                client.enqueueMany(refs.stream().map(ChaosJobs::job).toList(), o -> {});
                return;
            } catch (StoreException e) {
                failures.incrementAndGet();
                if (committedAfterAll(refs.get(0))) {
                    return;
                }
            }
        }
    }

    /** Waits until the database answers, then says whether the job of {@code ref} is there. */
    private boolean committedAfterAll(long ref) {
        while (true) {
            LockSupport.parkNanos(RETRY.toNanos());
            try (Connection c = DriverManager.getConnection(url); PreparedStatement ps = c.prepareStatement(
                    "SELECT EXISTS (SELECT 1 FROM " + schema + ".jobs WHERE kind <> 'chaos.tick' AND (args->>'ref')::bigint = ?)")) {
                ps.setLong(1, ref);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            } catch (SQLException e) {
                // still away
            }
        }
    }

    private void enqueueUniqueTwice(long ref) {
        // Acknowledged either way: a "duplicate" here means an earlier try committed but its answer was lost.
        enqueueUnique(ref);
        synchronized (acknowledgedUnique) {
            acknowledgedUnique.add(ref);
        }
        if (enqueueUnique(ref)) {
            refused.incrementAndGet();
        }
    }

    /** Enqueues the unique job of {@code ref} until acknowledged; returns whether it was a duplicate. */
    private boolean enqueueUnique(long ref) {
        while (true) {
            try {
                return client.enqueue(ChaosJobs.job(ref)).duplicate();
            } catch (StoreException e) {
                failures.incrementAndGet();
                LockSupport.parkNanos(RETRY.toNanos());
            }
        }
    }

    /** The unique jobs' refs whose enqueue was acknowledged (the ordinary ones all are, once run returns). */
    List<Long> acknowledgedUnique() {
        synchronized (acknowledgedUnique) {
            return List.copyOf(acknowledgedUnique);
        }
    }

    int refused() {
        return refused.get();
    }

    int failures() {
        return failures.get();
    }
}
