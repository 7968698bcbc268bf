package dev.stevedore;

import dev.stevedore.spi.FailureRecord;
import dev.stevedore.spi.Store;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every failed attempt this node publishes (retried, held, discarded, timed out, rescued) as a
 * {@link Failure} grouped into an {@link Issue}, off the hot path: the event bus hands it the event and
 * returns; its own thread redacts, fingerprints and writes batches, one store transaction each.
 *
 * <p>Bounded in memory: while the store is away the events wait in a buffer of
 * {@link FailureSettings#buffer()} entries; when it is full the oldest are dropped, with one warning
 * when dropping starts and the count once the store keeps up again. Completing jobs never waits for it.
 */
final class FailureRecorder extends Service implements JobListener {
    static final int BATCH = 500;
    private static final Logger LOG = LoggerFactory.getLogger(FailureRecorder.class);
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    private final Store store;
    /** Where the issues a write opened or regressed go, after the write committed. */
    private final Consumer<IssueChange> issueChanges;
    private final Redaction redaction;
    private final int capacity;
    private final ArrayDeque<JobEvent> buffer = new ArrayDeque<>();
    /** The batch being written; kept when a write fails, so it is tried again first. */
    private final List<FailureRecord> batch = new ArrayList<>();
    private long dropped;

    FailureRecorder(Store store, FailureSettings settings, Consumer<IssueChange> issueChanges) {
        super("failure-recorder");
        this.issueChanges = issueChanges;
        this.store = store;
        this.redaction = new Redaction(settings.redact());
        this.capacity = settings.buffer();
    }

    @Override
    public void onEvent(JobEvent event) {
        if (event.error() == null) {
            return;
        }
        boolean first;
        synchronized (buffer) {
            if (buffer.size() >= capacity) {
                buffer.pollFirst();
                if (dropped++ == 0) {
                    LOG.warn("failure records are not being stored fast enough (store away?): buffer of {} full, "
                            + "dropping the oldest until it catches up", capacity);
                }
            }
            first = buffer.isEmpty();
            buffer.addLast(event);
        }
        if (first) {
            wake();
        }
    }

    @Override
    Duration interval() {
        return INTERVAL;
    }

    @Override
    boolean runOnce() {
        if (batch.isEmpty()) {
            fill();
        }
        if (batch.isEmpty()) {
            return false;
        }
        List<IssueChange> changes = store.failureRecord(batch);
        batch.clear();
        changes.forEach(issueChanges);
        synchronized (buffer) {
            if (dropped > 0 && buffer.size() < capacity / 2) {
                LOG.info("failure records are stored again; {} were dropped meanwhile", dropped);
                dropped = 0;
            }
            return !buffer.isEmpty();
        }
    }

    private void fill() {
        List<JobEvent> events = new ArrayList<>(BATCH);
        synchronized (buffer) {
            while (events.size() < BATCH && !buffer.isEmpty()) {
                events.add(buffer.pollFirst());
            }
        }
        for (JobEvent event : events) {
            batch.add(record(event));
        }
    }

    /** The record of a failed attempt: arguments redacted, grouped by {@link Fingerprint}. */
    FailureRecord record(JobEvent event) {
        Job job = event.job();
        AttemptError error = event.error();
        boolean retryable = event.type() == JobEvent.Type.RETRY_SCHEDULED
                || (event.type() == JobEvent.Type.RESCUED && job.state() == JobState.RETRYABLE);
        return new FailureRecord(Fingerprint.of(job.kind(), error.errorClass(), error.message(), error.stack()),
                job.id(), job.kind(), job.queue(), redaction.apply(job.args()), error.errorClass(), error.message(),
                error.stack(), error.category(), retryable, error.attempt(), error.node(), error.duration(), error.at(),
                job.tags(), job.metadata());
    }

    /** Failures waiting to be written (test hook). */
    int backlog() {
        synchronized (buffer) {
            return buffer.size() + batch.size();
        }
    }

    @Override
    void afterStop() {
        try {
            while (runOnce()) {
                // write what is left
            }
        } catch (RuntimeException e) {
            LOG.warn("could not store {} failure record(s) at shutdown: {}", backlog(), e.toString());
        }
    }
}
