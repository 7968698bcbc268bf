package dev.stevedore;

import dev.stevedore.spi.PruneRequest;
import java.time.Duration;
import java.time.Instant;

/**
 * Leader only: deletes finished jobs older than their retention, in bounded chunks, then finished
 * batches left without jobs, then failure records and resolved alerts older than theirs; sums old per-minute statistics
 * into hours and forgets the oldest hours.
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
        Instant now = config.clock().instant();
        config.store().statsRollUp(now.minus(s.statsMinutes()), now.minus(s.statsHours()));
        PruneRequest request = new PruneRequest(s.retainCompleted(), s.retainFailed(), BATCH);
        int jobs = config.store().jobPrune(request);
        int batches = config.store().batchPrune(request);
        int failures = config.store().failurePrune(config.failures().retention(), BATCH);
        int alerts = config.store().alertPrune(config.alerts().retention(), BATCH);
        config.store().tableUpkeep();
        return jobs == BATCH || batches == BATCH || failures == BATCH || alerts == BATCH;
    }
}
