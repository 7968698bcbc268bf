package dev.stevedore.bench;

import dev.stevedore.Stevedore;
import dev.stevedore.spi.Store;
import dev.stevedore.spi.jdbc.NamedQueries;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * {@code stevedore soak}: one node on a PostgreSQL schema under a steady load for a long time, beside
 * a finished history that pruning keeps at a constant size, sampled at a fixed interval. It answers
 * "does it stay fast, and does the table stay small, after hours": throughput, pickup latency, table
 * and index size, dead rows and the ready backlog per sample, in a CSV that {@code bin/soak-plot} draws.
 *
 * <p>The steady state of a system that keeps its finished jobs for a retention R and finishes r jobs a
 * second holds r × R finished rows. The soak starts there: {@code finishedRows} rows finished evenly
 * over R = finishedRows / r before the start, retention R for completed and failed jobs alike, and r
 * jobs a second enqueued (a tenth of them every 100 ms, as one transaction). So from the first minute
 * the pruner deletes history as fast as new jobs finish, and a table that grew anyway would show it.
 *
 * <p>Every job carries a sequence number: at the end each must have run exactly once and be completed.
 */
public final class Soak {
    /** The soak's own queue. */
    static final String QUEUE = "soak";
    private static final long TICK_MILLIS = 100;
    private static final Duration DRAIN_WAIT = Duration.ofMinutes(2);
    static final String CSV_HEADER = "elapsed_s,jobs_per_s,p50_ms,p99_ms,max_ms,ready,table_mb,indexes_mb,"
            + "claim_index_kb,live_rows,dead_rows,vacuums";

    /**
     * What to run.
     *
     * @param length       how long the load runs
     * @param ratePerSecond jobs enqueued per second, 10..100,000
     * @param finishedRows  the finished history, 0..100,000,000 (0: retention {@code length}, no history)
     * @param sampleEvery   time between samples, at least 1 s
     * @param concurrency   the node's slots on the soak's queue
     */
    public record Options(Duration length, int ratePerSecond, int finishedRows, Duration sampleEvery, int concurrency) {
        public Options {
            if (length.compareTo(Duration.ofSeconds(5)) < 0) {
                throw new IllegalArgumentException("the soak must run at least 5 s, was " + length);
            }
            if (ratePerSecond < 10 || ratePerSecond > 100_000) {
                throw new IllegalArgumentException("rate must be 10..100000 jobs per second, was " + ratePerSecond);
            }
            if (finishedRows < 0 || finishedRows > 100_000_000) {
                throw new IllegalArgumentException("finished rows must be 0..100000000, was " + finishedRows);
            }
            if (sampleEvery.compareTo(Duration.ofSeconds(1)) < 0 || sampleEvery.compareTo(length) > 0) {
                throw new IllegalArgumentException("samples must be 1 s or more apart and within the soak's length, was "
                        + sampleEvery);
            }
            if (concurrency < 1 || concurrency > 1_000) {
                throw new IllegalArgumentException("concurrency must be 1..1000, was " + concurrency);
            }
        }

        /** The retention that holds the history at its size: finishedRows / rate, or the length without history. */
        public Duration retention() {
            return finishedRows == 0 ? length : Duration.ofMillis(finishedRows * 1000L / ratePerSecond);
        }
    }

    /** One sample: the interval's throughput and pickup latency, and the table as it is at its end. */
    public record Sample(double elapsedSeconds, double jobsPerSecond, double p50Millis, double p99Millis,
                         double maxMillis, long ready, long tableBytes, long indexBytes, long claimIndexBytes,
                         long liveRows, long deadRows, long vacuums) {
        String csv() {
            return String.format(Locale.ROOT, "%.0f,%.1f,%.2f,%.2f,%.2f,%d,%.1f,%.1f,%.1f,%d,%d,%d", elapsedSeconds,
                    jobsPerSecond, p50Millis, p99Millis, maxMillis, ready, tableBytes / 1048576.0, indexBytes / 1048576.0,
                    claimIndexBytes / 1024.0, liveRows, deadRows, vacuums);
        }
    }

    /**
     * The run: its samples and the check of every job.
     *
     * @param enqueued   jobs enqueued
     * @param unfinished jobs of the soak's queue not completed after the drain (0 expected)
     * @param neverRan   jobs whose handler never ran (0 expected)
     * @param ranTwice   jobs whose handler ran more than once (0 expected: no node died)
     */
    public record Result(List<Sample> samples, long enqueued, long unfinished, long neverRan, long ranTwice) {}

    private final BenchTarget.PostgresSchema target;
    private final Options options;
    private final PrintWriter progress;
    private final NamedQueries sql;

    public Soak(BenchTarget.PostgresSchema target, Options options, PrintWriter progress) {
        this.target = target;
        this.options = options;
        this.progress = progress;
        this.sql = NamedQueries.load(Soak.class, "soak_postgres.sql", target.schema());
    }

    /** Seeds, runs and checks; writes each sample to {@code csv} (and the progress) as it is taken. */
    public Result run(Path csv) throws InterruptedException {
        Duration retention = options.retention();
        if (options.finishedRows() > 0) {
            new FinishedRows(InstantSource.system(), retention, progress).seed(target, options.finishedRows());
        }
        say("soak: %d jobs/s for %s, retention %s, a sample every %s, concurrency %d", options.ratePerSecond(),
                options.length(), retention, options.sampleEvery(), options.concurrency());
        int capacity = Math.toIntExact(Math.min(Integer.MAX_VALUE - 8,
                (long) options.ratePerSecond() * (options.length().toSeconds() + 2)));
        AtomicIntegerArray runs = new AtomicIntegerArray(capacity);
        Latencies latencies = new Latencies();
        AtomicLong completed = new AtomicLong();
        AtomicLong enqueued = new AtomicLong();
        List<Sample> samples = new ArrayList<>();
        try (Store store = target.open(); Writer out = Files.newBufferedWriter(csv);
             Connection reader = DriverManager.getConnection(target.jdbcUrl())) {
            out.write(CSV_HEADER + "\n");
            Stevedore node = Stevedore.builder().store(store)
                    .queue(QUEUE, q -> q.concurrency(options.concurrency()))
                    .retention(retention, retention)
                    .handle(BenchJobs.Tick.class, (ctx, tick) -> {
                        latencies.add((nowMicros() - tick.enqueuedAtMicros()) / 1000.0);
                        runs.incrementAndGet(tick.seq());
                        completed.incrementAndGet();
                    })
                    .build();
            node.start();
            ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("stevedore-soak-producer").daemon().factory());
            long start = System.nanoTime();
            long end = start + options.length().toNanos();
            try {
                producer.scheduleAtFixedRate(() -> enqueueDue(node, start, end, capacity, enqueued), 0, TICK_MILLIS,
                        TimeUnit.MILLISECONDS);
                long lastCompleted = 0;
                long lastAt = start;
                for (long next = start + options.sampleEvery().toNanos(); next <= end; next += options.sampleEvery().toNanos()) {
                    TimeUnit.NANOSECONDS.sleep(next - System.nanoTime());
                    long now = System.nanoTime();
                    long done = completed.get();
                    Sample sample = sample(reader, (now - start) / 1e9, (done - lastCompleted) / ((now - lastAt) / 1e9),
                            latencies.drain());
                    lastCompleted = done;
                    lastAt = now;
                    samples.add(sample);
                    out.write(sample.csv() + "\n");
                    out.flush();
                    say("  %s", sample.csv());
                }
            } finally {
                producer.shutdownNow();
                producer.awaitTermination(10, TimeUnit.SECONDS);
            }
            enqueueDue(node, start, end, capacity, enqueued); // what the last tick left: rate × length in all
            long drainUntil = System.nanoTime() + DRAIN_WAIT.toNanos();
            while (completed.get() < enqueued.get() && System.nanoTime() < drainUntil) {
                Thread.sleep(100);
            }
            node.stop();
            long neverRan = IntStream.range(0, (int) enqueued.get()).filter(i -> runs.get(i) == 0).count();
            long ranTwice = IntStream.range(0, (int) enqueued.get()).filter(i -> runs.get(i) > 1).count();
            Result result = new Result(List.copyOf(samples), enqueued.get(), unfinished(reader), neverRan, ranTwice);
            say("soak: %,d jobs enqueued, %d not completed, %d never ran, %d ran twice", result.enqueued(),
                    result.unfinished(), result.neverRan(), result.ranTwice());
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the soak's samples to " + csv, e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the soak's table in " + target.location() + ": " + e.getMessage(), e);
        }
    }

    /** Enqueues, as one transaction, the jobs due by now at the soak's rate. */
    private void enqueueDue(Stevedore node, long start, long end, int capacity, AtomicLong enqueued) {
        long now = Math.min(System.nanoTime(), end);
        long due = Math.min(capacity, (now - start) * options.ratePerSecond() / 1_000_000_000L);
        int n = (int) (due - enqueued.get());
        if (n <= 0) {
            return;
        }
        int first = (int) enqueued.get();
        long at = nowMicros();
        try {
            node.enqueueMany(IntStream.range(first, first + n).mapToObj(seq -> new BenchJobs.Tick(seq, at)).toList(), o -> o.queue(QUEUE));
            enqueued.addAndGet(n);
        } catch (RuntimeException e) {
            say("  enqueue of %d jobs failed (retried next tick): %s", n, e.getMessage());
        }
    }

    private Sample sample(Connection reader, double elapsed, double jobsPerSecond, double[] latencies) throws SQLException {
        Arrays.sort(latencies);
        double p50 = latencies.length == 0 ? 0 : Benchmark.percentile(latencies, 50);
        double p99 = latencies.length == 0 ? 0 : Benchmark.percentile(latencies, 99);
        double max = latencies.length == 0 ? 0 : latencies[latencies.length - 1];
        try (PreparedStatement ps = sql.get("sample").prepare(reader, Map.of()); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("no statistics for " + target.schema() + ".jobs");
            }
            return new Sample(elapsed, jobsPerSecond, p50, p99, max, rs.getLong("ready"), rs.getLong("table_bytes"),
                    rs.getLong("index_bytes"), rs.getLong("claim_index_bytes"), rs.getLong("live_rows"),
                    rs.getLong("dead_rows"), rs.getLong("vacuums"));
        }
    }

    private long unfinished(Connection reader) throws SQLException {
        try (PreparedStatement ps = sql.get("unfinished").prepare(reader, Map.of("queue", QUEUE));
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long nowMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    private void say(String format, Object... args) {
        progress.printf(Locale.ROOT, format + "%n", args);
        progress.flush();
    }

    /** Pickup latencies of the current interval, handed over whole at each sample. */
    private static final class Latencies {
        private double[] values = new double[1024];
        private int size;

        synchronized void add(double millis) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = millis;
        }

        synchronized double[] drain() {
            double[] out = Arrays.copyOf(values, size);
            size = 0;
            return out;
        }
    }
}
