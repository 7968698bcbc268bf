package dev.stevedore.spi;

import java.util.List;
import java.util.Map;

/**
 * One node's heartbeat. SPI record.
 *
 * @param nodeId  unique per process
 * @param host    host name
 * @param pid     process id
 * @param queues  queues the node serves
 * @param running jobs running on it now
 * @param health  memory and the oldest running job
 * @param queueSettings what the node declares about each queue it serves (slots, latency target); may
 *                      be empty
 */
public record NodeBeat(String nodeId, String host, long pid, List<String> queues, int running, NodeHealth health,
                       Map<String, QueueSettings> queueSettings) {
    public NodeBeat {
        queues = List.copyOf(queues);
        health = health == null ? NodeHealth.UNKNOWN : health;
        queueSettings = queueSettings == null ? Map.of() : Map.copyOf(queueSettings);
    }

    /** A beat without queue settings. */
    public NodeBeat(String nodeId, String host, long pid, List<String> queues, int running, NodeHealth health) {
        this(nodeId, host, pid, queues, running, health, Map.of());
    }

    /** A beat without health figures. */
    public NodeBeat(String nodeId, String host, long pid, List<String> queues, int running) {
        this(nodeId, host, pid, queues, running, NodeHealth.UNKNOWN, Map.of());
    }
}
