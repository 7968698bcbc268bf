package dev.stevedore.sqlite;

import dev.stevedore.spi.Notifier;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-process wake-ups: the store calls {@link #publish} after a commit that made jobs available, and
 * every subscriber hears each queue name once; {@link #publishControl} after a pause, a resume or a
 * cancel request for a running job.
 *
 * <p>SQLite has nothing like LISTEN/NOTIFY, so only writes made through this store instance are
 * heard; jobs made available by another process (or through a caller's connection, whose commit this
 * store cannot see) are found by polling. Delivery runs on the writing thread, outside the store's
 * lock, so a listener that calls back into the store cannot deadlock it.
 */
final class LocalNotifier implements Notifier {
    private static final Logger LOG = LoggerFactory.getLogger(LocalNotifier.class);

    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> controlListeners = new CopyOnWriteArrayList<>();

    @Override
    public AutoCloseable subscribe(Consumer<String> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public AutoCloseable subscribeControl(Runnable listener) {
        Runnable subscription = listener::run; // a distinct object, so removal removes this subscription only
        controlListeners.add(subscription);
        return () -> controlListeners.remove(subscription);
    }

    /** Tells control subscribers to re-read pauses and cancel requests. */
    void publishControl() {
        for (Runnable listener : controlListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("control listener failed", e);
            }
        }
    }

    /** Tells every subscriber about each queue; a failing listener does not stop the others. */
    void publish(Collection<String> queues) {
        for (String queue : queues) {
            for (Consumer<String> listener : listeners) {
                try {
                    listener.accept(queue);
                } catch (RuntimeException e) {
                    LOG.warn("wake-up listener failed for queue {}", queue, e);
                }
            }
        }
    }
}
