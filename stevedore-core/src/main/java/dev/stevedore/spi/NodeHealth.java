package dev.stevedore.spi;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How a node's process is doing, sent with each heartbeat. SPI record.
 *
 * @param heapUsed        heap in use, bytes
 * @param heapMax         the heap's ceiling (-Xmx), bytes; -1 when the JVM has none
 * @param rss             the process's resident memory, bytes; -1 where the platform does not say
 * @param oldestJobId     the job this node has been running longest, or null when it runs none
 * @param oldestJobSince  when this node started that job (the node's clock), or null
 */
public record NodeHealth(long heapUsed, long heapMax, long rss, @Nullable Long oldestJobId,
                         @Nullable Instant oldestJobSince) {
    /** Nothing reported (a beat from an older node, or a test). */
    public static final NodeHealth UNKNOWN = new NodeHealth(-1, -1, -1, null, null);
}
