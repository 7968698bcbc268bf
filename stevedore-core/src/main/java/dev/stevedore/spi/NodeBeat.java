package dev.stevedore.spi;

import java.util.List;

/**
 * One node's heartbeat. SPI record.
 *
 * @param nodeId  unique per process
 * @param host    host name
 * @param pid     process id
 * @param queues  queues the node serves
 * @param running jobs running on it now
 * @param health  memory and the oldest running job
 */
public record NodeBeat(String nodeId, String host, long pid, List<String> queues, int running, NodeHealth health) {
    public NodeBeat {
        queues = List.copyOf(queues);
        health = health == null ? NodeHealth.UNKNOWN : health;
    }

    /** A beat without health figures. */
    public NodeBeat(String nodeId, String host, long pid, List<String> queues, int running) {
        this(nodeId, host, pid, queues, running, NodeHealth.UNKNOWN);
    }
}
