package dev.stevedore;

import dev.stevedore.spi.ProgressReport;
import dev.stevedore.spi.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Writes the progress handlers report, for all of a node's jobs in one statement every
 * {@link #INTERVAL}: a job that reports a thousand times a second still costs at most one row write
 * per interval, the latest report winning. Nothing wakes the loop early, which is what bounds the rate.
 *
 * <p>Progress is advisory: a failed write is logged by the service loop and not retried (the next
 * report, and the outcome, which carries the latest report, write it again). Writes are fenced by
 * {@code (id, attempt)}, so a report that loses the race with its job's outcome changes nothing.
 */
final class ProgressWriter extends Service {
    /** The most often one job's progress is written. */
    static final Duration INTERVAL = Duration.ofMillis(250);

    private final Store store;
    private final ConcurrentLinkedQueue<Execution> queued = new ConcurrentLinkedQueue<>();

    ProgressWriter(Store store) {
        super("progress");
        this.store = store;
    }

    /** Called once per batch of reports of an execution (see {@link Execution#report}). */
    void queue(Execution execution) {
        queued.add(execution);
    }

    @Override
    Duration interval() {
        return INTERVAL;
    }

    @Override
    boolean runOnce() {
        // An execution reporting while this loop drains is queued again and met twice: keep one report
        // per execution (the later, newer one), since one statement must not update a row twice.
        Map<Execution, ProgressReport> reports = new LinkedHashMap<>();
        Execution execution;
        while ((execution = queued.poll()) != null) {
            Job.Progress latest = execution.takeUnwritten();
            if (latest != null && !execution.isSettled()) {
                reports.put(execution, new ProgressReport(execution.job.id(), execution.job.attempt(), latest));
            }
        }
        if (!reports.isEmpty()) {
            store.jobProgressMany(new ArrayList<>(reports.values()));
        }
        return false;
    }
}
