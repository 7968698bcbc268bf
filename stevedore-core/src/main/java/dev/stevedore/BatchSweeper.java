package dev.stevedore;

import java.time.Duration;

/**
 * Leader only: catches up on batches and workflows after moves to a final state that neither a batch
 * completion nor its own follow-up moved on (a queue clear, SQL by hand, a node that stopped between an
 * operator's cancel and its advance): releases or cancels the steps waiting for such jobs and finishes
 * their batches. Runs every {@value #STAGE_INTERVALS} stage intervals (10 s by default): it reads every
 * edge in flight and probes every open batch, and what it catches is rare. With no batch in use a run
 * is three reads of empty indexes.
 *
 * <p>After the sweep it counts again the large running batches whose tally is an interval old, at most
 * {@value #TALLIES} a run ({@link dev.stevedore.spi.Store#batchTallyRefresh}): their reads use that
 * tally, so it is what keeps their progress moving on a dashboard.
 */
final class BatchSweeper extends Service {
    static final int BATCH = 1_000;
    static final int STAGE_INTERVALS = 10;
    /**
     * Tallies counted again per run. Each is a range of an index as long as its batch (a million
     * entries for a batch of a million jobs), and running batches that large are few.
     */
    static final int TALLIES = 10;
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
        config.store().batchTallyRefresh(interval(), TALLIES);
        return handled >= BATCH;
    }
}
