package dev.stevedore;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What one queue's jobs of one kind did in one minute (or, once down-sampled, one hour), summed over
 * every node. Charts, health scores and trends read these, never the job rows.
 *
 * @param start         the bucket's first instant (a whole minute or hour, UTC)
 * @param width         one minute, or one hour for buckets older than the minute retention
 * @param queue         the queue
 * @param kind          the job kind
 * @param completed     jobs that completed
 * @param failed        attempts that failed (retried, discarded, held or timed out)
 * @param retried       failed attempts followed by another attempt
 * @param discarded     jobs discarded (failed for good, or too late to run)
 * @param timedOut      attempts that failed by running out of time
 * @param cancelled     jobs cancelled
 * @param runs          executions that ended (completed or failed): what the run times cover
 * @param runTotalMillis the sum of those executions' run times
 * @param runMaxMillis  the longest of them
 * @param starts        executions started: what the waits cover
 * @param waitTotalMillis the sum, over those starts, of the time from when the job was due to its start
 * @param waitMaxMillis the longest such wait
 */
public record StatsBucket(Instant start, Duration width, String queue, String kind, long completed, long failed,
                          long retried, long discarded, long timedOut, long cancelled, long runs, long runTotalMillis,
                          long runMaxMillis, long starts, long waitTotalMillis, long waitMaxMillis) {
    /** A minute bucket. */
    public static final Duration MINUTE = Duration.ofMinutes(1);
    /** An hour bucket. */
    public static final Duration HOUR = Duration.ofHours(1);

    public StatsBucket {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(kind, "kind");
        if (!MINUTE.equals(width) && !HOUR.equals(width)) {
            throw new IllegalArgumentException("a bucket is one minute or one hour wide, was " + width);
        }
    }

    /** The mean run time, or zero without runs. */
    public Duration meanRun() {
        return runs == 0 ? Duration.ZERO : Duration.ofMillis(runTotalMillis / runs);
    }

    /** The mean wait from due to start, or zero without starts. */
    public Duration meanWait() {
        return starts == 0 ? Duration.ZERO : Duration.ofMillis(waitTotalMillis / starts);
    }

    /** This bucket and {@code other} (same start, width, queue and kind) added together. */
    public StatsBucket plus(StatsBucket other) {
        return new StatsBucket(start, width, queue, kind, completed + other.completed, failed + other.failed,
                retried + other.retried, discarded + other.discarded, timedOut + other.timedOut,
                cancelled + other.cancelled, runs + other.runs, runTotalMillis + other.runTotalMillis,
                Math.max(runMaxMillis, other.runMaxMillis), starts + other.starts,
                waitTotalMillis + other.waitTotalMillis, Math.max(waitMaxMillis, other.waitMaxMillis));
    }
}
