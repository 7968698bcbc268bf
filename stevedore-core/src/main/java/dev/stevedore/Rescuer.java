package dev.stevedore;

import dev.stevedore.spi.RescueRequest;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader only: returns the running jobs of nodes that stopped heartbeating (killed, frozen, cut off)
 * to the queue, using up the attempt they were on.
 */
final class Rescuer extends Service {
    static final int BATCH = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(Rescuer.class);
    private final NodeConfig config;
    private final EventBus events;
    private final Runnable onRescued;

    Rescuer(NodeConfig config, EventBus events, Runnable onRescued) {
        super("rescuer");
        this.config = config;
        this.events = events;
        this.onRescued = onRescued;
    }

    @Override
    Duration interval() {
        return config.settings().heartbeatInterval();
    }

    @Override
    boolean runOnce() {
        List<Job> rescued = config.store().jobRescue(
                new RescueRequest(config.settings().rescueAfter(), Duration.ZERO, config.nodeId(), BATCH));
        if (!rescued.isEmpty()) {
            LOG.warn("rescued {} job(s) from node(s) silent for over {}: {}", rescued.size(),
                    config.settings().rescueAfter(),
                    rescued.stream().map(Job::attemptedBy).distinct().toList());
            rescued.forEach(job -> events.publish(new JobEvent(JobEvent.Type.RESCUED, job, Duration.ZERO,
                    job.errors().isEmpty() ? null : job.errors().get(job.errors().size() - 1))));
            // A job rescued to discarded or cancelled may finish its batch or fail steps waiting for it.
            List<Long> finalInBatches = rescued.stream()
                    .filter(job -> job.batchId() != null && job.state().isFinal()).map(Job::id).toList();
            if (!finalInBatches.isEmpty()) {
                config.store().batchAdvance(finalInBatches);
            }
            onRescued.run();
        }
        return rescued.size() == BATCH;
    }
}
