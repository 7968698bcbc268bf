package dev.stevedore;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes and renews the leadership lease; while this node leads, it runs the maintenance services.
 *
 * <p>If renewals fail for longer than the lease, the node steps down on its own: another node may have
 * taken over. Maintenance operations are safe to run on two nodes at once (they claim rows with SKIP
 * LOCKED or are idempotent), so a brief overlap costs work, not correctness.
 */
final class Elector extends Service {
    private static final Logger LOG = LoggerFactory.getLogger(Elector.class);
    private final NodeConfig config;
    private final List<Service> maintenance;
    private volatile boolean leader;
    private long lastRenewedNanos;

    Elector(NodeConfig config, List<Service> maintenance) {
        super("elector");
        this.config = config;
        this.maintenance = List.copyOf(maintenance);
    }

    boolean isLeader() {
        return leader;
    }

    @Override
    Duration interval() {
        return config.settings().heartbeatInterval();
    }

    @Override
    boolean runOnce() {
        boolean elected;
        try {
            elected = config.store().leaderElect(config.nodeId(), config.settings().leaderTtl());
        } catch (RuntimeException e) {
            if (leader && System.nanoTime() - lastRenewedNanos > config.settings().leaderTtl().toNanos()) {
                stepDown("lease could not be renewed");
            }
            throw e;
        }
        if (elected) {
            lastRenewedNanos = System.nanoTime();
            if (!leader) {
                leader = true;
                LOG.info("node {} is now the leader", config.nodeId());
                maintenance.forEach(Service::start);
            }
        } else if (leader) {
            stepDown("another node holds the lease");
        }
        return false;
    }

    @Override
    void afterStop() {
        if (leader) {
            stepDown("node stopping");
            try {
                config.store().leaderResign(config.nodeId());
            } catch (RuntimeException e) {
                LOG.warn("could not resign leadership; the lease expires in {}", config.settings().leaderTtl(), e);
            }
        }
    }

    private void stepDown(String reason) {
        leader = false;
        LOG.info("node {} stops leading: {}", config.nodeId(), reason);
        maintenance.forEach(Service::stop);
    }
}
