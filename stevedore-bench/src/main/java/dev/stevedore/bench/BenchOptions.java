package dev.stevedore.bench;

import java.time.Duration;
import java.util.Objects;

/**
 * What a benchmark run measures.
 *
 * @param drainJobs     jobs bulk-enqueued and then drained; default {@value #DEFAULT_DRAIN_JOBS}, 1..10,000,000
 * @param singleJobs    jobs enqueued one call at a time; default {@value #DEFAULT_SINGLE_JOBS}, 1..1,000,000
 * @param latencyJobs   jobs enqueued one by one to an idle node for the pickup latency; default
 *                      {@value #DEFAULT_LATENCY_JOBS}, 1..100,000
 * @param latencyGap    pause between those enqueues; default 20 ms, 0..10 s
 * @param concurrency   the drain node's queue concurrency; default {@value #DEFAULT_CONCURRENCY}, 1..10,000
 * @param pollInterval  the nodes' poll interval; default 1 s (the runtime's default)
 * @param bulkChunk     jobs per {@code enqueueMany} call; default {@value #DEFAULT_BULK_CHUNK}
 * @param finishedRows  finished jobs put in the table before the timed phases ({@link FinishedRows}), so the
 *                      phases run against a table with history; default 0 (an empty table), 0..100,000,000
 */
public record BenchOptions(int drainJobs, int singleJobs, int latencyJobs, Duration latencyGap, int concurrency,
                           Duration pollInterval, int bulkChunk, int finishedRows) {
    public static final int DEFAULT_DRAIN_JOBS = 100_000;
    public static final int DEFAULT_SINGLE_JOBS = 2_000;
    public static final int DEFAULT_LATENCY_JOBS = 500;
    public static final Duration DEFAULT_LATENCY_GAP = Duration.ofMillis(20);
    public static final int DEFAULT_CONCURRENCY = 100;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    public static final int DEFAULT_BULK_CHUNK = 10_000;
    public static final int DEFAULT_FINISHED_ROWS = 0;
    public static final int MAX_FINISHED_ROWS = 100_000_000;

    public BenchOptions {
        check("drain jobs", drainJobs, 1, 10_000_000);
        check("single jobs", singleJobs, 1, 1_000_000);
        check("latency jobs", latencyJobs, 1, 100_000);
        check("concurrency", concurrency, 1, 10_000);
        check("bulk chunk", bulkChunk, 1, 1_000_000);
        check("finished rows", finishedRows, 0, MAX_FINISHED_ROWS);
        Objects.requireNonNull(latencyGap, "latencyGap");
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (latencyGap.isNegative() || latencyGap.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("latency gap must be in [0, 10s], was " + latencyGap);
        }
    }

    /** The defaults. */
    public static BenchOptions defaults() {
        return new BenchOptions(DEFAULT_DRAIN_JOBS, DEFAULT_SINGLE_JOBS, DEFAULT_LATENCY_JOBS, DEFAULT_LATENCY_GAP,
                DEFAULT_CONCURRENCY, DEFAULT_POLL_INTERVAL, DEFAULT_BULK_CHUNK, DEFAULT_FINISHED_ROWS);
    }

    /** These options with {@code drainJobs} jobs to enqueue in bulk and drain. */
    public BenchOptions withDrainJobs(int jobs) {
        return new BenchOptions(jobs, singleJobs, latencyJobs, latencyGap, concurrency,
                pollInterval, bulkChunk, finishedRows);
    }

    /** These options with other sizes for the single-enqueue and latency phases. */
    public BenchOptions withSingleAndLatencyJobs(int single, int latency) {
        return new BenchOptions(drainJobs, single, latency, latencyGap, concurrency,
                pollInterval, bulkChunk, finishedRows);
    }

    /** These options with another poll interval. */
    public BenchOptions withPollInterval(Duration interval) {
        return new BenchOptions(drainJobs, singleJobs, latencyJobs, latencyGap, concurrency,
                interval, bulkChunk, finishedRows);
    }

    /** These options with {@code rows} finished jobs in the table before the timed phases. */
    public BenchOptions withFinishedRows(int rows) {
        return new BenchOptions(drainJobs, singleJobs, latencyJobs, latencyGap, concurrency,
                pollInterval, bulkChunk, rows);
    }

    private static void check(String what, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be in [" + min + ", " + max + "], was " + value);
        }
    }
}
