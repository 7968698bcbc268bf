package dev.stevedore.spi;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A node as the store knows it. SPI record.
 *
 * @param nodeId      the node
 * @param host        host name
 * @param pid         process id
 * @param queues      queues it serves
 * @param running     jobs running at its last beat
 * @param startedAt   first heartbeat
 * @param heartbeatAt latest heartbeat
 * @param health      memory and the oldest running job at its last beat
 * @param queueSettings what it declared about each queue it serves at its last beat; may be empty
 */
public record NodeInfo(String nodeId, String host, long pid, List<String> queues, int running,
                       Instant startedAt, Instant heartbeatAt, NodeHealth health,
                       Map<String, QueueSettings> queueSettings) {
    public NodeInfo {
        queues = List.copyOf(queues);
        health = health == null ? NodeHealth.UNKNOWN : health;
        queueSettings = queueSettings == null ? Map.of() : Map.copyOf(queueSettings);
    }

    /** A node without queue settings. */
    public NodeInfo(String nodeId, String host, long pid, List<String> queues, int running,
                    Instant startedAt, Instant heartbeatAt, NodeHealth health) {
        this(nodeId, host, pid, queues, running, startedAt, heartbeatAt, health, Map.of());
    }
}
