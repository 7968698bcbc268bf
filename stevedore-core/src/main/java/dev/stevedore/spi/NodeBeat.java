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
 */
public record NodeBeat(String nodeId, String host, long pid, List<String> queues, int running) {
    public NodeBeat {
        queues = List.copyOf(queues);
    }
}
