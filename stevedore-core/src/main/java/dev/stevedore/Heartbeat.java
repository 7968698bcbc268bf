package dev.stevedore;

import dev.stevedore.spi.NodeBeat;
import dev.stevedore.spi.NodeHealth;
import dev.stevedore.spi.QueueSettings;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registers this node and refreshes its heartbeat, so the leader knows its running jobs have an owner;
 * each beat carries the node's health (heap, resident memory, the job it has been running longest).
 */
final class Heartbeat extends Service {
    private final NodeConfig config;
    private final JobRunner runner;

    Heartbeat(NodeConfig config, JobRunner runner) {
        super("heartbeat");
        this.config = config;
        this.runner = runner;
    }

    @Override
    Duration interval() {
        return config.settings().heartbeatInterval();
    }

    @Override
    boolean runOnce() {
        NodeHealth health = health();
        config.store().nodeHeartbeat(new NodeBeat(config.nodeId(), NodeConfig.hostName(), ProcessHandle.current().pid(),
                List.copyOf(config.queueConcurrency().keySet()), runner.runningCount(), health, queueSettings()));
        MemoryCeiling ceiling = config.memoryCeiling();
        if (ceiling != null) {
            ceiling.check(health.rss(), health.heapUsed(), config.nodeId());
        }
        return false;
    }

    /** What this node declares about each queue it serves: its slots and latency target. */
    private Map<String, QueueSettings> queueSettings() {
        Map<String, QueueSettings> settings = new LinkedHashMap<>();
        config.queueConcurrency().forEach((queue, concurrency) -> settings.put(queue, new QueueSettings(concurrency,
                config.latencyTargets().getOrDefault(queue, QueueOptions.DEFAULT_LATENCY_TARGET))));
        return settings;
    }

    /** What this beat reports about the process. */
    NodeHealth health() {
        MemoryUsage heap = NodeMemory.heap();
        Execution oldest = runner.oldestRunning();
        Instant since = oldest == null ? null
                : config.clock().instant().minusNanos(System.nanoTime() - oldest.startNanos);
        return new NodeHealth(heap.getUsed(), heap.getMax(), NodeMemory.rss(), oldest == null ? null : oldest.job.id(), since);
    }
}
