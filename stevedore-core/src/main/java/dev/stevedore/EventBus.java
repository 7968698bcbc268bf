package dev.stevedore;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's in-process event bus: metrics, statistics, failure records, logging and the application's
 * listeners subscribe; the code that stores a change only publishes. Listeners run on the publishing
 * thread, in subscription order; one that throws is logged and skipped, never stops the others.
 *
 * <p>Job events go first to the {@link JobListener}s (the node's own recorders and meters, typed, no
 * dispatch on the event's class), then to the {@link StevedoreEvent} listeners; other events only to
 * the latter.
 */
final class EventBus {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
    private final List<JobListener> jobListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<? super StevedoreEvent>> listeners = new CopyOnWriteArrayList<>();

    EventBus(List<JobListener> jobListeners) {
        this(jobListeners, List.of());
    }

    EventBus(List<JobListener> jobListeners, List<Consumer<? super StevedoreEvent>> listeners) {
        this.jobListeners.addAll(jobListeners);
        this.listeners.addAll(listeners);
    }

    /** Adds a listener after construction (the node's own meters). */
    void subscribe(JobListener listener) {
        jobListeners.add(listener);
    }

    void publish(JobEvent event) {
        for (JobListener listener : jobListeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("job listener {} threw on {} of job {}; ignored", listener, event.type(), event.job().id(), e);
            }
        }
        deliver(event);
    }

    void publish(StevedoreEvent event) {
        if (event instanceof JobEvent job) {
            publish(job);
        } else {
            deliver(event);
        }
    }

    /** The event in a log line: a job event by type and id, never its arguments. */
    private static Object describe(StevedoreEvent event) {
        return event instanceof JobEvent job ? job.type() + " of job " + job.job().id() : event;
    }

    private void deliver(StevedoreEvent event) {
        for (Consumer<? super StevedoreEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("event listener {} threw on {}; ignored", listener, describe(event), e);
            }
        }
    }
}
