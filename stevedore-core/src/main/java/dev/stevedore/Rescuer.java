package dev.stevedore;

import dev.stevedore.spi.RescueRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader only: returns the running jobs of nodes that stopped heartbeating (killed, frozen, cut off)
 * to the queue. Each such rescue counts a crash on the job; a job that reached the node's
 * {@linkplain StevedoreBuilder#quarantineAfterCrashes crash limit} is quarantined (held for an
 * operator, {@link JobEvent.Type#QUARANTINED}) so that a poison pill cannot take node after node down.
 *
 * <p>A node's silence is only judged while this node has itself been heard on schedule for a whole
 * rescue window: when the database goes away, every heartbeat goes stale at once, and the leader that
 * reconnects first must not take the running jobs of nodes that are alive and about to beat again.
 * For the same reason the rescue itself takes nothing if it reaches the store more than one heartbeat
 * interval after that judgement ({@link RescueRequest#notAfter}).
 */
final class Rescuer extends Service {
    static final int BATCH = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(Rescuer.class);
    private final NodeConfig config;
    private final EventBus events;
    private final Heartbeat heartbeat;
    private final Runnable onRescued;
    private boolean waitingToJudge;

    Rescuer(NodeConfig config, EventBus events, Heartbeat heartbeat, Runnable onRescued) {
        super("rescuer");
        this.config = config;
        this.events = events;
        this.heartbeat = heartbeat;
        this.onRescued = onRescued;
    }

    @Override
    Duration interval() {
        return config.settings().heartbeatInterval();
    }

    @Override
    boolean runOnce() {
        Duration window = config.settings().rescueAfter();
        // The store's time of the judgement, read before it: the rescue must run within one heartbeat
        // interval of a moment when this node knew itself heard. Without that bound a rescue that waited
        // for a connection through an outage would run afterwards, on heartbeats the outage made stale.
        Instant judged = config.store().now();
        if (!heartbeat.heardFor(window)) {
            if (!waitingToJudge) {
                LOG.info("not rescuing yet: this node has not been heard on schedule for {} (the store was out of reach"
                        + " or the node just started), so other nodes' silence proves nothing", window);
                waitingToJudge = true;
            }
            return false;
        }
        waitingToJudge = false;
        List<Job> rescued = rescue(new RescueRequest(window, Duration.ZERO, config.nodeId(), BATCH)
                .countingCrashes(config.settings().crashLimit())
                .notAfter(judged.plus(config.settings().heartbeatInterval())));
        if (!rescued.isEmpty()) {
            LOG.warn("rescued {} job(s) from node(s) silent for over {}: {}", rescued.size(), window,
                    rescued.stream().map(Job::attemptedBy).distinct().toList());
        }
        return rescued.size() == BATCH;
    }

    /**
     * Hands back, as a node starts, the jobs the store records as running under its id: an earlier
     * process with the same node id died while running them, so each counts a crash. Returns how many.
     */
    int handBackLeftByEarlierProcess() {
        return handBack(new RescueRequest(Duration.ZERO, Duration.ZERO, config.nodeId(), BATCH,
                RescueRequest.Scope.OWN_UNHELD, Set.of()).countingCrashes(config.settings().crashLimit()));
    }

    /**
     * Hands back the jobs the store records as running on this node that it does not hold (see
     * {@link RescueRequest.Scope#OWN_UNHELD}), claimed longer ago than {@code claimedBefore}. Runs on every
     * node, leader or not. No crash is counted: the node is alive, a claim's answer was lost. Returns how
     * many it handed back.
     */
    int handBackUnheld(Set<Long> held, Duration claimedBefore) {
        return handBack(new RescueRequest(claimedBefore, Duration.ZERO, config.nodeId(), BATCH,
                RescueRequest.Scope.OWN_UNHELD, held));
    }

    private int handBack(RescueRequest request) {
        List<Long> ids = new java.util.ArrayList<>();
        List<Job> handed;
        do {
            handed = rescue(request);
            handed.forEach(job -> ids.add(job.id()));
        } while (handed.size() == BATCH);
        if (!ids.isEmpty()) {
            LOG.warn("node {} handed back {} job(s) recorded as running here that it does not hold (a claim whose answer"
                    + " was lost, or an earlier process with the same node id): {}", config.nodeId(), ids.size(),
                    ids.size() <= 20 ? ids : ids.subList(0, 20) + " …");
        }
        return ids.size();
    }

    private List<Job> rescue(RescueRequest request) {
        List<Job> rescued = config.store().jobRescue(request);
        if (rescued.isEmpty()) {
            return rescued;
        }
        for (Job job : rescued) {
            AttemptError error = job.errors().isEmpty() ? null : job.errors().get(job.errors().size() - 1);
            if (job.quarantined()) {
                LOG.error("job {} ({} on queue {}) quarantined: {}. Retry it once the cause is fixed: stevedore jobs "
                        + "retry {}", job.id(), job.kind(), job.queue(), error == null ? "" : error.message(), job.id());
            }
            events.publish(new JobEvent(job.quarantined() ? JobEvent.Type.QUARANTINED : JobEvent.Type.RESCUED, job,
                    Duration.ZERO, error));
        }
        // A job rescued to discarded or cancelled may finish its batch or fail steps waiting for it.
        List<Long> finalInBatches = rescued.stream()
                .filter(job -> job.batchId() != null && job.state().isFinal()).map(Job::id).toList();
        if (!finalInBatches.isEmpty()) {
            config.store().batchAdvance(finalInBatches);
        }
        onRescued.run();
        return rescued;
    }
}
