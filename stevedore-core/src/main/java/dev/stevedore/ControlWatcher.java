package dev.stevedore;

import dev.stevedore.spi.NodeControl;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Applies what operators asked of this node: pauses and resumes of its queues, cancels of the jobs it
 * runs. One store read ({@link dev.stevedore.spi.Store#nodeControl}) every {@link #INTERVAL}, and at
 * once when a control notification arrives or this node made the change itself. Polling alone is
 * correct; the notification only makes it faster. The read is per node, never per job.
 */
final class ControlWatcher extends Service {
    /** How often the node reads pauses and cancel requests without being told to. */
    static final Duration INTERVAL = Duration.ofSeconds(1);

    private final NodeConfig config;
    private final Collection<Producer> producers;
    private final JobRunner runner;

    ControlWatcher(NodeConfig config, Collection<Producer> producers, JobRunner runner) {
        super("control");
        this.config = config;
        this.producers = List.copyOf(producers);
        this.runner = runner;
    }

    @Override
    Duration interval() {
        return INTERVAL;
    }

    @Override
    boolean runOnce() {
        NodeControl control = config.store().nodeControl(config.nodeId());
        Set<String> paused = new HashSet<>();
        control.pausedQueues().forEach(p -> paused.add(p.queue()));
        for (Producer producer : producers) {
            if (paused.contains(producer.queue())) {
                producer.pause();
            } else {
                producer.resume();
            }
        }
        if (!control.cancelRequests().isEmpty()) {
            List<NodeControl.CancelRequest> notStarted = runner.cancel(control.cancelRequests());
            if (!notStarted.isEmpty()) {
                Set<Long> ids = notStarted.stream().map(NodeControl.CancelRequest::jobId).collect(Collectors.toSet());
                producers.forEach(p -> p.cancelBuffered(ids));
            }
        }
        return false;
    }
}
