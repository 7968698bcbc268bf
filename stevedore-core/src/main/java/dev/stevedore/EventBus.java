package dev.stevedore;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The node's in-process event bus: metrics, logging and live feeds subscribe; the hot path only publishes. */
final class EventBus {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
    private final List<JobListener> listeners = new CopyOnWriteArrayList<>();

    EventBus(List<JobListener> initial) {
        listeners.addAll(initial);
    }

    /** Adds a listener after construction (the node's own meters). */
    void subscribe(JobListener listener) {
        listeners.add(listener);
    }

    void publish(JobEvent event) {
        for (JobListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("job listener {} threw on {} of job {}; ignored", listener, event.type(), event.job().id(), e);
            }
        }
    }
}
