package dev.stevedore;

import dev.stevedore.spi.PruneRequest;
import java.time.Duration;

/** Leader only: deletes finished jobs older than their retention, in bounded chunks. */
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
        return config.store().jobPrune(new PruneRequest(s.retainCompleted(), s.retainFailed(), BATCH)) == BATCH;
    }
}
