package dev.stevedore;

import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/**
 * On every node: hands back jobs the store records as running here that this node does not hold. A
 * claim can commit while its answer is lost (the connection breaks during the commit); the node never
 * learns of those jobs, its heartbeat keeps them looking owned, and no leader would ever rescue them.
 *
 * <p>Only jobs claimed longer ago than the rescue window are considered, and what the node holds is read
 * in the order a job moves through it (buffered, running, outcome not yet written), so a job moving on
 * while it is read is still seen in the later stage.
 */
final class UnheldJobs extends Service {
    private final NodeConfig config;
    private final Rescuer rescuer;
    private final Supplier<Set<Long>> held;

    UnheldJobs(NodeConfig config, Rescuer rescuer, Supplier<Set<Long>> held) {
        super("unheld-jobs");
        this.config = config;
        this.rescuer = rescuer;
        this.held = held;
    }

    @Override
    Duration interval() {
        return config.settings().rescueAfter();
    }

    @Override
    boolean runOnce() {
        rescuer.handBackUnheld(held.get(), config.settings().rescueAfter());
        return false;
    }
}
