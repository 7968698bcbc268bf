package dev.stevedore.cli;

import dev.stevedore.bench.BenchOptions;
import dev.stevedore.bench.BenchReport;
import dev.stevedore.bench.BenchTarget;
import dev.stevedore.bench.Benchmark;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stevedore bench}: the benchmark of {@link Benchmark}, on a fresh SQLite file or PostgreSQL schema,
 * with {@code --raw} also the database's own ceiling for the same work (a second fresh schema).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures enqueue throughput (single and bulk), drain throughput of one node, and pickup latency.",
                "Runs on a new SQLite file (default: a temporary one) or a new PostgreSQL schema bench_<random>;"
                        + " both are removed afterwards. Method: docs/BENCHMARKS.md.",
                "On PostgreSQL the drain also reports the transactions PostgreSQL committed per job.",
                "With --finished-rows N, the table first gets N finished jobs (untimed, by SQL in the database),"
                        + " so the phases run beside the history a long-running system keeps.",
                "With --raw (PostgreSQL only), each throughput phase is followed by the same work done by plain SQL"
                        + " over plain JDBC on a second new schema bench_<random>, also removed afterwards: the"
                        + " database's ceiling (BOUND/S) and the store's share of it (RATIO)."},
        footer = {"", "Examples:", "  stevedore bench",
                "  stevedore bench --database 'postgresql://127.0.0.1:5432/test?user=postgres' --json",
                "  stevedore bench --raw --database 'postgresql://127.0.0.1:5432/test?user=postgres'",
                "  stevedore bench --finished-rows 10000000 --database"
                        + " 'postgresql://127.0.0.1:5432/test?user=postgres'"})
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-d", "--database"}, paramLabel = "URL", converter = Converters.StoreUrlConverter.class,
            description = "sqlite:PATH (a new file) or a PostgreSQL URL (its schema parameter is ignored: a fresh"
                    + " bench_<random> schema is used). Default: a temporary SQLite file.")
    @Nullable StoreUrl database;

    @Option(names = {"-n", "--jobs"}, paramLabel = "N", defaultValue = "" + BenchOptions.DEFAULT_DRAIN_JOBS,
            description = "Jobs to bulk-enqueue and then drain. Default: ${DEFAULT-VALUE}.")
    int jobs;

    @Option(names = "--single-jobs", paramLabel = "N", defaultValue = "" + BenchOptions.DEFAULT_SINGLE_JOBS,
            description = "Jobs to enqueue one call at a time. Default: ${DEFAULT-VALUE}.")
    int singleJobs;

    @Option(names = "--latency-jobs", paramLabel = "N", defaultValue = "" + BenchOptions.DEFAULT_LATENCY_JOBS,
            description = "Jobs enqueued 20 ms apart to measure pickup latency. Default: ${DEFAULT-VALUE}.")
    int latencyJobs;

    @Option(names = "--poll-interval", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            defaultValue = "1s", description = "The nodes' poll interval. Default: ${DEFAULT-VALUE} (the runtime default).")
    Duration pollInterval;

    @Option(names = "--finished-rows", paramLabel = "N", defaultValue = "" + BenchOptions.DEFAULT_FINISHED_ROWS,
            description = "Before the timed phases, put N finished jobs in the table (queue bench-history: completed,"
                    + " 1 in 50 discarded, finished over the last 24 h), and in the --raw twin too; the seeding is"
                    + " timed in the progress output but not in the figures. 0..100000000. Default: ${DEFAULT-VALUE}"
                    + " (an empty table).")
    int finishedRows;

    @Option(names = "--json", description = "Print the report as JSON (progress still goes to stderr).")
    boolean json;

    @Option(names = "--raw", description = "PostgreSQL only: after each throughput phase, measure the same work as"
            + " plain SQL over plain JDBC on a second fresh schema (the drain on 1, 2 and 4 connections, the best"
            + " counts) and report it as the phase's bound. Default: off.")
    boolean raw;

    @Option(names = "--flow-control", arity = "0..1", paramLabel = "PARTS", fallbackValue = "rate,key,breaker",
            split = ",", description = "After the drain, drain as many jobs again on a queue with flow control configured"
            + " but never triggered, to show what it costs when it holds nothing back: some of rate (a rate limit),"
            + " key (a concurrency limit per job's own key), breaker (a circuit breaker); all three when no PARTS"
            + " are given. Default: off.")
    java.util.List<String> flowControl;

    @Option(names = "--flow-rounds", paramLabel = "N", defaultValue = "1", description = "With --flow-control: after"
            + " the first pair, N-1 more pairs of an ordinary drain and a flow-control drain, one right after the"
            + " other, each reported with its ratio, so that a machine whose load swings compares like with like."
            + " 1..50. Default: ${DEFAULT-VALUE}.")
    int flowRounds;

    @Option(names = "--observability", arity = "0..1", paramLabel = "PARTS", fallbackValue = "meters,spans,alerts",
            split = ",", description = "Last, drain as many jobs again by a node observed by some of meters (a"
            + " Prometheus registry scraped every second), spans (an OpenTelemetry SDK recording every job's span),"
            + " alerts (one alert rule of each kind evaluated every second); all three when no PARTS are given, to"
            + " show what observing a node costs. Default: off.")
    java.util.List<String> observability;

    @Option(names = "--span-sampling", paramLabel = "RATIO", defaultValue = "1", description = "With --observability"
            + " spans: the share of jobs whose spans the SDK records (a parent-based trace-id ratio sampler), in (0, 1];"
            + " production tracing of a busy queue samples a few percent. Default: ${DEFAULT-VALUE} (every job).")
    double spanSampling;

    @Option(names = "--observability-rounds", paramLabel = "N", defaultValue = "1", description = "With"
            + " --observability: after the first pair, N-1 more pairs of an ordinary drain and an observed drain, back"
            + " to back, each reported, so that a machine whose load swings compares like with like. 1..50."
            + " Default: ${DEFAULT-VALUE}.")
    int observabilityRounds;

    @Option(names = "--health", description = "Very last, leave as many jobs ready in a queue and time reads of its"
            + " health (docs/health.md): what a score costs beside a backlog. Default: off.")
    boolean health;

    @Override
    public Integer call() throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.defaults().withDrainJobs(jobs).withSingleAndLatencyJobs(singleJobs, latencyJobs)
                    .withPollInterval(pollInterval).withFinishedRows(finishedRows);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (observability != null && !Benchmark.OBSERVABILITY_PARTS.containsAll(observability)) {
            throw new UsageException("--observability takes some of " + Benchmark.OBSERVABILITY_PARTS + ", was "
                    + observability);
        }
        if (!(spanSampling > 0 && spanSampling <= 1)) {
            throw new UsageException("--span-sampling must be in (0, 1], was " + spanSampling);
        }
        if (spanSampling < 1 && (observability == null || !observability.contains("spans"))) {
            throw new UsageException("--span-sampling samples the spans of --observability; give --observability with spans");
        }
        if (observabilityRounds < 1 || observabilityRounds > 50) {
            throw new UsageException("--observability-rounds must be in [1, 50], was " + observabilityRounds);
        }
        if (observabilityRounds > 1 && observability == null) {
            throw new UsageException("--observability-rounds repeats the --observability drains; give --observability too");
        }
        if (flowControl != null && !Benchmark.FLOW_PARTS.containsAll(flowControl)) {
            throw new UsageException("--flow-control takes some of " + Benchmark.FLOW_PARTS + ", was " + flowControl);
        }
        if (flowRounds < 1 || flowRounds > 50) {
            throw new UsageException("--flow-rounds must be in [1, 50], was " + flowRounds);
        }
        if (flowRounds > 1 && flowControl == null) {
            throw new UsageException("--flow-rounds repeats the --flow-control drains; give --flow-control too");
        }
        if (raw && !(database instanceof StoreUrl.Postgres)) {
            // Checked before target() creates anything.
            throw new UsageException("--raw measures PostgreSQL's own ceiling and needs a PostgreSQL --database;"
                    + " it has no SQLite counterpart");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progress = spec.commandLine().getErr();
        BenchTarget target = target();
        BenchTarget.@Nullable PostgresSchema rawTarget = raw && database instanceof StoreUrl.Postgres postgres
                ? BenchTarget.postgres(postgres.jdbcUrl()) : null;
        // Ctrl-C must not leave a bench_ schema or a temporary file behind.
        AtomicBoolean cleaned = new AtomicBoolean();
        Runnable cleanUp = () -> {
            if (cleaned.compareAndSet(false, true)) {
                closeAll(rawTarget == null ? List.of(target) : List.of(target, rawTarget));
            }
        };
        Thread hook = Thread.ofPlatform().name("stevedore-bench-cleanup").unstarted(cleanUp);
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            progress.printf("benchmarking %s (%s)%n", target.engine(), target.location());
            if (rawTarget != null) {
                progress.printf("raw bounds on %s%n", rawTarget.location());
            }
            Benchmark benchmark = rawTarget != null && target instanceof BenchTarget.PostgresSchema schema
                    ? new Benchmark(schema, rawTarget, options, progress)
                    : new Benchmark(target, options, progress);
            if (flowControl != null) {
                benchmark.withFlowControl(java.util.Set.copyOf(flowControl), flowRounds);
            }
            if (observability != null) {
                benchmark.withObservability(java.util.Set.copyOf(observability)).withSpanSampling(spanSampling)
                        .withObservabilityRounds(observabilityRounds);
            }
            if (health) {
                benchmark.withHealthRead();
            }
            BenchReport report = benchmark.run();
            if (json) {
                out.println(report.toJson());
            } else {
                out.println();
                report.print(out);
            }
            out.flush();
        } finally {
            cleanUp.run();
            removeHook(hook);
        }
        return 0;
    }

    /** Closes every target, even when one fails; the first failure is thrown, the others suppressed. */
    static void closeAll(List<BenchTarget> targets) {
        RuntimeException failure = null;
        for (BenchTarget target : targets) {
            try {
                target.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already exiting: the hook runs (and finds the target cleaned).
        }
    }

    private BenchTarget target() {
        if (database == null) {
            return BenchTarget.sqliteTempFile();
        }
        return switch (database) {
            case StoreUrl.Sqlite sqlite -> {
                try {
                    yield BenchTarget.sqliteFile(sqlite.file());
                } catch (IllegalArgumentException e) {
                    throw new UsageException(e.getMessage());
                }
            }
            case StoreUrl.Postgres postgres -> BenchTarget.postgres(postgres.jdbcUrl());
        };
    }
}
