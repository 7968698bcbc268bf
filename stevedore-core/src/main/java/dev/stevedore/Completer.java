package dev.stevedore;

import dev.stevedore.spi.Completion;
import dev.stevedore.spi.HeldKeys;
import dev.stevedore.spi.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes execution outcomes back in batches: one store round trip for many jobs.
 *
 * <p>There is no flush timer: while one batch is being written the next accumulates (group commit),
 * so batches grow with load and a lone completion after a quiet spell is written at once. Under a
 * steady stream (the previous write ended moments ago) a partial batch lingers for up to a
 * millisecond to fill: each write is a transaction, and measured on PostgreSQL a drain spent more on
 * commits of small batches than the linger costs. When the store is unreachable
 * the batch stays in memory and is retried with backoff; completions are fenced by (id, attempt), so a
 * late write after the job was rescued elsewhere changes nothing.
 *
 * <p>Outcomes of jobs in a batch are written apart, through {@link Store#batchJobCompleteMany}, which
 * also advances their workflow and batch in the same transaction; a flush holding none of them costs
 * exactly what it did before batches existed.
 */
final class Completer extends Service {
    private static final Logger LOG = LoggerFactory.getLogger(Completer.class);
    private static final Duration IDLE_INTERVAL = Duration.ofSeconds(1);
    private static final Duration MAX_WRITE_BACKOFF = Duration.ofSeconds(2);
    private static final int FLUSH_ATTEMPTS_AT_STOP = 3;
    /** A write that ends this soon after the previous one means completions are streaming in. */
    private static final long STREAMING_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long LINGER_STEP_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    private final Store store;
    private final EventBus events;
    private final int batchSize;
    private final ConcurrentLinkedQueue<Settlement> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    /** Jobs whose outcome is decided and not yet written: still running in the store, held by this node. */
    private final Set<Long> unwritten = ConcurrentHashMap.newKeySet();
    /** The concurrency keys this node's jobs hold: each job's are let go once its outcome is written. */
    private final HeldKeys heldKeys = new HeldKeys();
    private final List<Settlement> batch = new ArrayList<>();
    /** The part of the current flush whose jobs belong to a batch. */
    private final List<Settlement> batchJobs = new ArrayList<>();
    private long lastWriteEnded = System.nanoTime() - STREAMING_NANOS;

    Completer(Store store, EventBus events, int batchSize) {
        super("completer");
        this.store = store;
        this.events = events;
        this.batchSize = batchSize;
    }

    void add(Settlement settlement) {
        unwritten.add(settlement.job().id());
        pending.add(settlement);
        if (size.getAndIncrement() == 0) {
            wake();
        }
    }

    /** The concurrency keys this node's running jobs hold (see {@link Gate#claimLimits}). */
    HeldKeys heldKeys() {
        return heldKeys;
    }

    /** The jobs whose outcomes are decided but not yet written. */
    Set<Long> unwrittenIds() {
        return Set.copyOf(unwritten);
    }

    /** Outcomes decided but not yet written. */
    int backlog() {
        return size.get();
    }

    @Override
    Duration interval() {
        return IDLE_INTERVAL;
    }

    /**
     * Outcomes held in memory while the store is unreachable are written within two seconds of its
     * return, not after a long backoff: they keep their jobs running in the store (and their slots in
     * limits) until then, and a retry while it is still down costs one failed connection attempt.
     */
    @Override
    Duration maxBackoff() {
        return MAX_WRITE_BACKOFF;
    }

    @Override
    boolean runOnce() {
        if (batch.isEmpty() && batchJobs.isEmpty()) {
            fill();
            if (batch.isEmpty() && batchJobs.isEmpty()) {
                return false;
            }
            if (filled() < batchSize && System.nanoTime() - lastWriteEnded < STREAMING_NANOS) {
                long until = System.nanoTime() + LINGER_NANOS;
                while (filled() < batchSize && System.nanoTime() < until && isRunning()) {
                    LockSupport.parkNanos(LINGER_STEP_NANOS);
                    fill();
                }
            }
        }
        // Each part is cleared once written: if the second write fails, only it is tried again.
        if (!batch.isEmpty()) {
            write(batch, store.jobCompleteMany(completionsOf(batch)));
        }
        if (!batchJobs.isEmpty()) {
            write(batchJobs, store.batchJobCompleteMany(completionsOf(batchJobs)));
        }
        lastWriteEnded = System.nanoTime();
        return size.get() > 0;
    }

    private static List<Completion> completionsOf(List<Settlement> settlements) {
        List<Completion> completions = new ArrayList<>(settlements.size());
        for (Settlement settlement : settlements) {
            completions.add(settlement.completion());
        }
        return completions;
    }

    private void write(List<Settlement> written, Set<Long> applied) {
        for (Settlement settlement : written) {
            if (applied.contains(settlement.job().id())) {
                events.publish(settlement.event());
            } else {
                LOG.info("outcome of job {} attempt {} not recorded: the job is no longer running that attempt "
                        + "(it was rescued, cancelled or handed back)", settlement.job().id(), settlement.job().attempt());
            }
        }
        for (Settlement settlement : written) {
            unwritten.remove(settlement.job().id());
            // Written or fenced out, the attempt no longer runs here as far as the store is concerned.
            heldKeys.release(settlement.job().id(), settlement.job().attempt());
        }
        size.addAndGet(-written.size());
        written.clear();
    }

    private int filled() {
        return batch.size() + batchJobs.size();
    }

    private void fill() {
        Settlement next;
        while (filled() < batchSize && (next = pending.poll()) != null) {
            (next.job().batchId() == null ? batch : batchJobs).add(next);
        }
    }

    @Override
    void afterStop() {
        for (int attempt = 1; attempt <= FLUSH_ATTEMPTS_AT_STOP && size.get() > 0; attempt++) {
            try {
                while (runOnce()) {
                    // keep writing until empty
                }
            } catch (RuntimeException e) {
                LOG.warn("could not write {} outcome(s) at shutdown (try {} of {}): {}", size.get(), attempt,
                        FLUSH_ATTEMPTS_AT_STOP, e.toString());
            }
        }
        if (size.get() > 0) {
            LOG.error("{} outcome(s) not written at shutdown; those jobs stay running until the leader rescues them",
                    size.get());
        }
    }
}
