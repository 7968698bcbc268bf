package dev.stevedore.spi;

import java.time.Instant;
import java.util.List;

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
 */
public record NodeInfo(String nodeId, String host, long pid, List<String> queues, int running,
                       Instant startedAt, Instant heartbeatAt, NodeHealth health) {
    public NodeInfo {
        queues = List.copyOf(queues);
        health = health == null ? NodeHealth.UNKNOWN : health;
    }
}
