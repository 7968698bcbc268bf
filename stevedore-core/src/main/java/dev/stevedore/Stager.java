package dev.stevedore;

import java.time.Duration;

/** Leader only: makes scheduled and retryable jobs whose time has come available. */
final class Stager extends Service {
    static final int BATCH = 5_000;
    private final NodeConfig config;
    private final Runnable onStaged;

    Stager(NodeConfig config, Runnable onStaged) {
        super("stager");
        this.config = config;
        this.onStaged = onStaged;
    }

    @Override
    Duration interval() {
        return config.settings().stageInterval();
    }

    @Override
    boolean runOnce() {
        int staged = config.store().jobStage(BATCH);
        if (staged > 0) {
            onStaged.run();
        }
        return staged == BATCH;
    }
}
