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
     * Calls {@code listener} with a queue name whenever jobs become available in that queue. The
     * listener must return quickly. Closing the handle stops delivery to it.
     */
    AutoCloseable subscribe(Consumer<String> listener);
}
