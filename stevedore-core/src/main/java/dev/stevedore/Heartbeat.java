package dev.stevedore;

import dev.stevedore.spi.NodeBeat;
import java.time.Duration;
import java.util.List;
import java.util.function.IntSupplier;

/** Registers this node and refreshes its heartbeat, so the leader knows its running jobs have an owner. */
final class Heartbeat extends Service {
    private final NodeConfig config;
    private final IntSupplier runningJobs;

    Heartbeat(NodeConfig config, IntSupplier runningJobs) {
        super("heartbeat");
        this.config = config;
        this.runningJobs = runningJobs;
    }

    @Override
    Duration interval() {
        return config.settings().heartbeatInterval();
    }

    @Override
    boolean runOnce() {
        config.store().nodeHeartbeat(new NodeBeat(config.nodeId(), NodeConfig.hostName(), ProcessHandle.current().pid(),
                List.copyOf(config.queueConcurrency().keySet()), runningJobs.getAsInt()));
        return false;
    }
}
