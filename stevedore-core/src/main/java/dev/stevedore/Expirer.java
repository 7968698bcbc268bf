package dev.stevedore;

import dev.stevedore.spi.ExpireRequest;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader only: discards waiting jobs whose start or job deadline passed, by the store's clock. Nodes
 * also refuse to run a job claimed too late, but a job nobody claims (its queue paused, or served by no
 * node) would otherwise wait forever; this ends it. Runs as often as the stager.
 */
final class Expirer extends Service {
    static final int BATCH = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(Expirer.class);
    private final NodeConfig config;
    private final EventBus events;

    Expirer(NodeConfig config, EventBus events) {
        super("expirer");
        this.config = config;
        this.events = events;
    }

    @Override
    Duration interval() {
        return config.settings().stageInterval();
    }

    @Override
    boolean runOnce() {
        List<Job> expired = config.store().jobExpire(new ExpireRequest(config.nodeId(), BATCH));
        if (!expired.isEmpty()) {
            LOG.info("discarded {} waiting job(s) past their start or job deadline", expired.size());
            for (Job job : expired) {
                events.publish(new JobEvent(JobEvent.Type.DISCARDED, job, Duration.ZERO,
                        job.errors().isEmpty() ? null : job.errors().get(job.errors().size() - 1)));
            }
        }
        return expired.size() >= BATCH;
    }
}
