package dev.stevedore;

import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.Store;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims jobs of one queue for this node and starts them as slots free up.
 *
 * <p>Claims are batches sized by the room left: free slots plus a small local buffer. The buffer
 * exists so that a freed slot starts the next job at once instead of waiting for a claim round trip;
 * it holds only as many jobs as the queue will start during one such round trip (see {@link Pace}),
 * so short jobs are claimed a batch ahead while long jobs are never claimed ahead at all and stay
 * available to other nodes. Buffered jobs are already {@code running} in the store under this node,
 * so a crash leaves them to the rescuer like any running job, and a stop hands them back unused.
 *
 * <p>The loop wakes on a notification for its queue, when the buffer runs low while the last claim
 * suggested more work is waiting, and otherwise every poll interval (polling alone is correct; waking
 * only makes it faster).
 *
 * <p>While the queue is paused (as this node last read it) the producer neither claims nor starts
 * buffered jobs, and hands the buffer back. The claim statement checks the pause itself, so a node
 * that has not heard of a pause yet claims nothing either.
 */
final class Producer extends Service {
    /** Stop claiming while this many outcomes wait to be written (the store is slow or away). */
    static final int MAX_COMPLETION_BACKLOG = 10_000;
    private static final Duration SECOND_CLAIM_WAIT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(Producer.class);

    private final String queue;
    private final int concurrency;
    private final int claimBatch;
    private final Store store;
    private final JobRunner runner;
    private final Completer completer;
    private final Settler settler;
    private final ClaimedJobs claimedJobs;
    private final ClaimRequest.Limits claimLimits;
    private final @Nullable NodeSlots nodeSlots;
    private final @Nullable AdaptiveLimit adaptive;
    private final NodeConfig config;
    private final Pace pace = new Pace();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger buffered = new AtomicInteger();
    /** Room taken by claims in flight. */
    private final AtomicInteger reserved = new AtomicInteger();
    private final AtomicBoolean secondClaim = new AtomicBoolean();
    private final ConcurrentLinkedQueue<AdmittedJob> buffer = new ConcurrentLinkedQueue<>();
    private volatile boolean moreWorkLikely = true;
    private volatile boolean paused;

    Producer(String queue, int concurrency, NodeConfig config, JobRunner runner, Completer completer, Settler settler,
             Gate gate, @Nullable NodeSlots nodeSlots) {
        super("producer-" + queue);
        this.queue = queue;
        this.concurrency = concurrency;
        this.claimBatch = config.settings().claimBatch();
        this.store = config.store();
        this.runner = runner;
        this.completer = completer;
        this.settler = settler;
        this.claimLimits = gate.claimLimits(queue);
        this.claimedJobs = new ClaimedJobs(config, completer, settler, gate);
        this.nodeSlots = nodeSlots;
        Integer adaptiveMin = config.adaptiveMin().get(queue);
        this.adaptive = adaptiveMin == null ? null : new AdaptiveLimit(queue, Math.min(adaptiveMin, concurrency), concurrency);
        this.config = config;
    }

    String queue() {
        return queue;
    }

    /** The configured concurrency: the upper bound of an adaptive one. */
    int concurrency() {
        return concurrency;
    }

    /** Jobs of the queue this node may run at once now. */
    int limit() {
        return adaptive == null ? concurrency : adaptive.limit();
    }

    int running() {
        return running.get();
    }

    /** New jobs were made available in this queue. */
    void workAvailable() {
        moreWorkLikely = true;
        wake();
    }

    /** The queue was paused: start nothing more, hand back what was claimed ahead. Idempotent. */
    void pause() {
        if (!paused) {
            paused = true;
            handBackBuffered();
        }
    }

    /** The queue was resumed: claim at once. Idempotent. */
    void resume() {
        if (paused) {
            paused = false;
            workAvailable();
        }
    }

    boolean isPaused() {
        return paused;
    }

    /** The ids of the jobs claimed and not started yet. */
    List<Long> bufferedIds() {
        List<Long> ids = new java.util.ArrayList<>();
        for (AdmittedJob admitted : buffer) {
            ids.add(admitted.job().id());
        }
        return ids;
    }

    /**
     * Settles buffered (claimed, not started) jobs an operator asked to cancel; returns how many it found.
     * A job the dispatcher takes at the same moment starts instead, and is interrupted at the next read.
     */
    int cancelBuffered(Set<Long> ids) {
        int found = 0;
        for (AdmittedJob admitted : buffer) {
            if (ids.contains(admitted.job().id()) && buffer.remove(admitted)) {
                buffered.decrementAndGet();
                completer.add(settler.cancelledOnRequest(admitted.job(), Duration.ZERO));
                found++;
            }
        }
        return found;
    }

    @Override
    Duration interval() {
        return config.settings().pollInterval();
    }

    @Override
    boolean runOnce() {
        int room = room();
        if (paused || room <= 0 || !worthClaiming(room) || completer.backlog() >= MAX_COMPLETION_BACKLOG) {
            return false;
        }
        int limit = Math.min(room, claimBatch);
        moreWorkLikely = false;
        reserved.addAndGet(limit);
        if (room - limit >= claimBatch && secondClaim.compareAndSet(false, true)) {
            claimAlongside(claimBatch);
        }
        int claimed;
        try {
            claimed = claim(limit);
        } finally {
            reserved.addAndGet(-limit);
        }
        boolean full = claimed == limit;
        if (full) {
            moreWorkLikely = true;
        }
        return full && worthClaiming(room());
    }

    /**
     * A second claim, on a virtual thread, while this loop makes its own: with short jobs and room for
     * two batches, one statement's round trip no longer idles the other. Its room is reserved until it
     * returns; a failure is left to the loop's own claims to report (they hit the same store).
     */
    private void claimAlongside(int limit) {
        reserved.addAndGet(limit);
        Thread.ofVirtual().name("stevedore-claim-" + queue).start(() -> {
            try {
                if (claim(limit) == limit) {
                    moreWorkLikely = true;
                    wake();
                }
            } catch (RuntimeException e) {
                LOG.debug("second claim for {} failed: {}", queue, e.toString());
            } finally {
                reserved.addAndGet(-limit);
                secondClaim.set(false);
                synchronized (secondClaim) {
                    secondClaim.notifyAll();
                }
            }
        });
    }

    /** Claims up to {@code limit} jobs into the buffer and starts what the free slots allow. */
    private int claim(int limit) {
        int claimedCount;
        // From before the claim until its jobs are buffered: the jobs are this node's, though not in any
        // of its stages yet, and the check for unheld jobs must not run meanwhile (see HandOffs).
        Lock moving = runner.handOffs().moving();
        moving.lock();
        try {
            long started = System.nanoTime();
            List<Job> claimed = store.jobClaim(new ClaimRequest(queue, config.nodeId(), limit, claimLimits));
            claimedCount = claimed.size();
            pace.claimed(System.nanoTime() - started);
            List<AdmittedJob> jobs = claimedJobs.startable(claimed, claimLimits);
            buffered.addAndGet(jobs.size());
            buffer.addAll(jobs);
        } finally {
            moving.unlock();
        }
        if (!isRunning() || paused) {
            handBackBuffered(); // stopped or paused meanwhile: these will not start here
        } else {
            dispatch();
        }
        return claimedCount;
    }

    /**
     * How many more jobs this node may hold for the queue: free slots plus the buffer's allowance. Under
     * a node-wide cap, the queue's free slots are at most the node's: a queue that could not start
     * what it claims would only keep those jobs from other nodes.
     */
    private int room() {
        if (nodeSlots == null) {
            return limit() + prefetch() - running.get() - buffered.get() - reserved.get();
        }
        // Keep one job claimed ahead, so that a slot freed by any queue finds this one's work waiting
        // and the queue order holds even for jobs longer than a claim round trip.
        int slots = Math.min(limit() - running.get(), nodeSlots.roomFor(this));
        return slots + Math.max(1, prefetch()) - buffered.get() - reserved.get();
    }

    /** Whether a claimed job waits for a slot (the node-wide cap asks, to serve queues in order). */
    boolean waitingToStart() {
        return !buffer.isEmpty() && running.get() < limit() && !paused && isRunning();
    }


    /**
     * Whether to claim now: when a full batch fits, or when the buffer is empty and slots would go idle
     * otherwise. Topping up a half-full buffer with a half batch would only multiply claims: a claim's
     * cost on PostgreSQL is mostly per statement (and per dead index entry it steps over), not per row.
     */
    private boolean worthClaiming(int room) {
        return room >= claimBatch || buffered.get() == 0;
    }

    /**
     * Jobs to hold beyond the free slots: those the queue starts during one claim round trip, up to two
     * claim batches (room for a second claim in flight). Short jobs thus keep the buffer fed while claims
     * stay full-size, and jobs longer than a claim round trip spread over the slots are never claimed ahead.
     */
    private int prefetch() {
        return (int) Math.min(2L * claimBatch, pace.startsPerClaim(limit()));
    }

    /**
     * Starts buffered jobs while slots are free. Called by the producer after a claim, by any job
     * thread whose slot frees, and by {@link NodeSlots} when a node-wide slot frees; a slot is reserved
     * (CAS on {@code running}) before a job is taken, and given back when the buffer turns out empty, after which the buffer is checked again so a job
     * added meanwhile by the producer is not left waiting for the next freed slot. Once the producer
     * stops, nothing more starts: what is left in the buffer is handed back by {@link #afterStop()}.
     */
    void dispatch() {
        while (isRunning() && !paused) {
            int r = running.get();
            if (r >= limit()) {
                return;
            }
            if (!running.compareAndSet(r, r + 1)) {
                continue;
            }
            if (nodeSlots != null && (buffer.isEmpty() || !nodeSlots.tryAcquire(this))) {
                // No node-wide slot (or nothing to start): the next release offers one in queue order.
                running.decrementAndGet();
                return;
            }
            // Out of the buffer and into the runner's running set as one move (see HandOffs).
            Lock moving = runner.handOffs().moving();
            moving.lock();
            AdmittedJob job;
            try {
                job = buffer.poll();
                if (job != null) {
                    buffered.decrementAndGet();
                    long started = System.nanoTime();
                    runner.run(job, settlement -> slotFreed(started, settlement));
                }
            } finally {
                moving.unlock();
            }
            if (job == null) {
                running.decrementAndGet();
                if (nodeSlots != null) {
                    nodeSlots.release();
                }
                if (buffer.isEmpty()) {
                    return;
                }
                continue;
            }
            if (nodeSlots != null && buffer.isEmpty() && moreWorkLikely) {
                wake(); // claim the next job ahead before a slot frees (see room())
            }
        }
    }

    private void slotFreed(long startedNanos, Settlement settlement) {
        long ran = System.nanoTime() - startedNanos;
        pace.ran(ran);
        if (adaptive != null) {
            adaptive.record(ran, settlement.blamesDownstream(),
                    running.get() >= adaptive.limit() && (!buffer.isEmpty() || moreWorkLikely));
        }
        running.decrementAndGet();
        if (nodeSlots != null) {
            nodeSlots.release();
        }
        dispatch();
        if (moreWorkLikely && isRunning() && worthClaiming(room())) {
            wake();
        }
    }

    /**
     * Jobs claimed but never started go back to the queue, without using an attempt. A second claim still
     * in flight is waited for (bounded), so its jobs are handed back while the completer still runs.
     */
    @Override
    void afterStop() {
        long until = System.nanoTime() + SECOND_CLAIM_WAIT.toNanos();
        synchronized (secondClaim) {
            while (secondClaim.get() && System.nanoTime() < until) {
                try {
                    secondClaim.wait(Math.max(1, (until - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        handBackBuffered();
    }

    private void handBackBuffered() {
        AdmittedJob admitted;
        while ((admitted = buffer.poll()) != null) {
            buffered.decrementAndGet();
            completer.add(settler.handedBack(admitted.job(), Duration.ZERO));
        }
    }
}
