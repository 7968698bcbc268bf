package dev.stevedore;

import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.Store;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Claims jobs of one queue for this node, only when it has free slots, in batches sized by the free
 * slots. It wakes on a notification for its queue, on a freed slot when the last claim suggested more
 * work is waiting, and otherwise every poll interval (polling alone is correct; waking only makes it
 * faster).
 */
final class Producer extends Service {
    /** Stop claiming while this many outcomes wait to be written (the store is slow or away). */
    static final int MAX_COMPLETION_BACKLOG = 10_000;

    private final String queue;
    private final int concurrency;
    private final Store store;
    private final JobRunner runner;
    private final Completer completer;
    private final NodeConfig config;
    private final AtomicInteger running = new AtomicInteger();
    private volatile boolean moreWorkLikely = true;

    Producer(String queue, int concurrency, NodeConfig config, JobRunner runner, Completer completer) {
        super("producer-" + queue);
        this.queue = queue;
        this.concurrency = concurrency;
        this.store = config.store();
        this.runner = runner;
        this.completer = completer;
        this.config = config;
    }

    String queue() {
        return queue;
    }

    int concurrency() {
        return concurrency;
    }

    int running() {
        return running.get();
    }

    /** New jobs were made available in this queue. */
    void workAvailable() {
        moreWorkLikely = true;
        wake();
    }

    @Override
    Duration interval() {
        return config.settings().pollInterval();
    }

    @Override
    boolean runOnce() {
        int free = concurrency - running.get();
        if (free <= 0 || completer.backlog() >= MAX_COMPLETION_BACKLOG) {
            return false;
        }
        int limit = Math.min(free, config.settings().claimBatch());
        moreWorkLikely = false;
        List<Job> jobs = store.jobClaim(new ClaimRequest(queue, config.nodeId(), limit));
        for (Job job : jobs) {
            running.incrementAndGet();
            runner.run(job, this::slotFreed);
        }
        boolean full = jobs.size() == limit;
        if (full) {
            moreWorkLikely = true;
        }
        return full && running.get() < concurrency;
    }

    private void slotFreed() {
        running.decrementAndGet();
        if (moreWorkLikely && isRunning()) {
            wake();
        }
    }
}
