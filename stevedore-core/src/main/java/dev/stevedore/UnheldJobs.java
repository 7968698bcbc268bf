package dev.stevedore;

import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/**
 * On every node: hands back jobs the store records as running here that this node does not hold. A
 * claim can commit while its answer is lost (the connection breaks during the commit); the node never
 * learns of those jobs, its heartbeat keeps them looking owned, and no leader would ever rescue them.
 *
 * <p>Only jobs claimed longer ago than the rescue window are considered, and the check runs while no
 * job moves between the node's stages and no claim is in flight ({@link HandOffs}): a claim may take
 * longer than the window to bring its jobs to the buffer.
 */
final class UnheldJobs extends Service {
    private final NodeConfig config;
    private final Rescuer rescuer;
    private final Supplier<Set<Long>> held;
    private final HandOffs handOffs;

    UnheldJobs(NodeConfig config, Rescuer rescuer, Supplier<Set<Long>> held, HandOffs handOffs) {
        super("unheld-jobs");
        this.config = config;
        this.rescuer = rescuer;
        this.held = held;
        this.handOffs = handOffs;
    }

    @Override
    Duration interval() {
        return config.settings().rescueAfter();
    }

    @Override
    boolean runOnce() throws InterruptedException {
        // Nothing may move between stages, and no claim may be in flight, while what is held is read and
        // the store is asked (see HandOffs). A node busy claiming may make this wait a round.
        handOffs.whileStill(config.settings().heartbeatInterval(),
                () -> rescuer.handBackUnheld(held.get(), config.settings().rescueAfter()));
        return false;
    }
}
