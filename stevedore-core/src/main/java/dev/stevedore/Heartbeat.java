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
    private static final long NEVER = Long.MIN_VALUE;
    private final NodeConfig config;
    private final JobRunner runner;
    /** System.nanoTime() of the first beat of the current unbroken run of stored beats, or NEVER. */
    private volatile long streakStart = NEVER;
    /** System.nanoTime() of the last stored beat, or NEVER. */
    private volatile long lastBeat = NEVER;

    Heartbeat(NodeConfig config, JobRunner runner) {
        super("heartbeat");
        this.config = config;
        this.runner = runner;
    }

    @Override
    Duration interval() {
        return config.settings().heartbeatInterval();
    }

    /**
     * After a failed beat, try again no later than one interval: when the store comes back, this node
     * must be heard before any leader's rescue window runs out, or its running jobs are taken from it.
     */
    @Override
    Duration maxBackoff() {
        return interval();
    }

    @Override
    boolean runOnce() {
        NodeHealth health = health();
        try {
            config.store().nodeHeartbeat(new NodeBeat(config.nodeId(), NodeConfig.hostName(), ProcessHandle.current().pid(),
                    List.copyOf(config.queueConcurrency().keySet()), runner.runningCount(), health, queueSettings()));
        } catch (RuntimeException e) {
            streakStart = NEVER;
            throw e;
        }
        long now = System.nanoTime();
        if (streakStart == NEVER || now - lastBeat > gapNanos()) {
            streakStart = now;
        }
        lastBeat = now;
        MemoryCeiling ceiling = config.memoryCeiling();
        if (ceiling != null) {
            ceiling.check(health.rss(), health.heapUsed(), config.nodeId());
        }
        return false;
    }

    /**
     * Whether this node has stored its heartbeat on schedule for at least {@code span} up to now. Only
     * then may it judge other nodes by their heartbeats: while it could not reach the store itself, their
     * silence says nothing (when the database went away, every node's heartbeat went stale together).
     */
    boolean heardFor(Duration span) {
        long start = streakStart;
        long now = System.nanoTime();
        return start != NEVER && now - lastBeat <= gapNanos() && now - start >= span.toNanos();
    }

    /** The longest gap between two stored beats that still counts as on schedule. */
    private long gapNanos() {
        return interval().multipliedBy(3).toNanos();
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
