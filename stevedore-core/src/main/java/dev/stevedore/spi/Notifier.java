package dev.stevedore.spi;

import java.util.function.Consumer;

/**
 * Cross-process wake-ups: "queue X has new available jobs". SPI.
 *
 * <p>Notifications only make the runtime faster; polling alone must be correct. Implementations keep
 * one listening connection per node and reconnect on their own.
 */
public interface Notifier {
    /**
     * The name a notifier passes for "every queue": after its connection came back from a failure, when
     * notifications may have been missed and the database is reachable again. No queue can be named so.
     */
    String ALL_QUEUES = "*";

    /**
     * Calls {@code listener} with a queue name whenever jobs become available in that queue, or with
     * {@link #ALL_QUEUES}. The listener must return quickly. Closing the handle stops delivery to it.
     */
    AutoCloseable subscribe(Consumer<String> listener);

    /**
     * Calls {@code listener} when an operator changed something nodes act on: a queue paused or
     * resumed, a cancel requested for a running job. The listener re-reads {@link Store#nodeControl}
     * at once instead of at its next poll; it must return quickly. The default delivers nothing, which
     * is correct (nodes poll about once a second) but slower.
     */
    default AutoCloseable subscribeControl(Runnable listener) {
        return () -> { };
    }
}
