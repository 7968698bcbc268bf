package dev.stevedore;

import java.time.Duration;

/**
 * Leader only: catches up on batches and workflows after moves to a final state that did not go
 * through a batch completion (a rescue, an operator's cancel, a queue clear, SQL by hand): releases or
 * cancels the steps waiting for such jobs and finishes their batches. Runs as often as the stager; with
 * no batch in use a run is two reads of empty indexes.
 */
final class BatchSweeper extends Service {
    static final int BATCH = 1_000;
    private final NodeConfig config;
    private final Runnable onSwept;

    BatchSweeper(NodeConfig config, Runnable onSwept) {
        super("batch-sweeper");
        this.config = config;
        this.onSwept = onSwept;
    }

    @Override
    Duration interval() {
        return config.settings().stageInterval();
    }

    @Override
    boolean runOnce() {
        int handled = config.store().batchSweep(BATCH);
        if (handled > 0) {
            onSwept.run();
        }
        return handled >= BATCH;
    }
}
