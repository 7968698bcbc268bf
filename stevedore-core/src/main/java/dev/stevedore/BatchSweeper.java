package dev.stevedore;

import java.time.Duration;

/**
 * Leader only: catches up on batches and workflows after moves to a final state that neither a batch
 * completion nor its own follow-up moved on (a queue clear, SQL by hand, a node that stopped between an
 * operator's cancel and its advance): releases or cancels the steps waiting for such jobs and finishes
 * their batches. Runs every {@value #STAGE_INTERVALS} stage intervals (10 s by default): it reads every
 * edge in flight and probes every open batch, and what it catches is rare. With no batch in use a run
 * is two reads of empty indexes.
 */
final class BatchSweeper extends Service {
    static final int BATCH = 1_000;
    static final int STAGE_INTERVALS = 10;
    private final NodeConfig config;
    private final Runnable onSwept;

    BatchSweeper(NodeConfig config, Runnable onSwept) {
        super("batch-sweeper");
        this.config = config;
        this.onSwept = onSwept;
    }

    @Override
    Duration interval() {
        return config.settings().stageInterval().multipliedBy(STAGE_INTERVALS);
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
