package dev.stevedore.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a queue's waiting and running jobs say about it now, read through indexes only. SPI record.
 *
 * @param queue         the queue
 * @param oldestReadyAt when the longest-waiting ready job became due, or null when none waits: the older
 *                      of the oldest {@code available} job and the oldest due {@code scheduled} or
 *                      {@code retryable} job that was not made available yet
 * @param overdue       {@code running} jobs on a live node that passed their attempt timeout by more
 *                      than the request's grace: the runtime should have interrupted them
 * @param orphaned      {@code running} jobs whose node is gone or silent past the request's node timeout
 */
public record QueueLoad(String queue, @Nullable Instant oldestReadyAt, long overdue, long orphaned) {

    /**
     * What to read.
     *
     * @param queue        the queue
     * @param nodeTimeout  a node silent this long is gone (the rescue threshold)
     * @param overdueGrace how far past its timeout a running job counts as stuck
     */
    public record Request(String queue, Duration nodeTimeout, Duration overdueGrace) {
        public Request {
            Objects.requireNonNull(queue, "queue");
            Objects.requireNonNull(nodeTimeout, "nodeTimeout");
            Objects.requireNonNull(overdueGrace, "overdueGrace");
        }
    }
}
