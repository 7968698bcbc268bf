package dev.stevedore;

import dev.stevedore.spi.PruneRequest;
import java.time.Duration;

/**
 * Leader only: deletes finished jobs older than their retention, in bounded chunks, and then finished
 * batches left without jobs.
 */
final class Pruner extends Service {
    static final int BATCH = 10_000;
    private final NodeConfig config;

    Pruner(NodeConfig config) {
        super("pruner");
        this.config = config;
    }

    @Override
    Duration interval() {
        return config.settings().pruneInterval();
    }

    @Override
    boolean runOnce() {
        RuntimeSettings s = config.settings();
        if (!config.flow().isEmpty()) {
            config.store().flowSweep();
        }
        PruneRequest request = new PruneRequest(s.retainCompleted(), s.retainFailed(), BATCH);
        int jobs = config.store().jobPrune(request);
        int batches = config.store().batchPrune(request);
        return jobs == BATCH || batches == BATCH;
    }
}
