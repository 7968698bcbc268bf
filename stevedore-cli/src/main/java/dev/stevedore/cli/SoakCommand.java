package dev.stevedore.cli;

import dev.stevedore.bench.BenchTarget;
import dev.stevedore.bench.Soak;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stevedore soak}: {@link Soak} on a fresh PostgreSQL schema, dropped afterwards. */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = {"Runs one node under a steady load for a long time beside a finished history that pruning keeps"
                + " at a constant size, and samples throughput, pickup latency, table and index size and dead rows.",
                "Runs on a new PostgreSQL schema bench_<random>, removed afterwards. Exit 1 when a job was lost or"
                        + " ran twice. Draw the CSV with bin/soak-plot. Method: docs/RELIABILITY.md."},
        footer = {"", "Example (the documented run):",
                "  stevedore soak --database 'postgresql://127.0.0.1:5432/test?user=postgres' --length 60m"
                        + " --rate 500 --finished-rows 10000000 --csv soak.csv"})
final class SoakCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-d", "--database"}, required = true, paramLabel = "URL",
            converter = Converters.StoreUrlConverter.class,
            description = "A PostgreSQL URL (its schema parameter is ignored: a fresh bench_<random> schema is used).")
    StoreUrl database;

    @Option(names = "--length", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            defaultValue = "60m", description = "How long the load runs, 5s..24h. Default: ${DEFAULT-VALUE}.")
    Duration length;

    @Option(names = "--rate", paramLabel = "JOBS", defaultValue = "500", description = "Jobs enqueued per second,"
            + " 10..100000. Default: ${DEFAULT-VALUE}.")
    int rate;

    @Option(names = "--finished-rows", paramLabel = "N", defaultValue = "10000000", description = "The finished history"
            + " kept at a constant size: retention is N / rate. 0..100000000. Default: ${DEFAULT-VALUE}.")
    int finishedRows;

    @Option(names = "--sample-every", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            defaultValue = "1m", description = "Time between samples. Default: ${DEFAULT-VALUE}.")
    Duration sampleEvery;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "20", description = "The node's slots. Default:"
            + " ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--csv", paramLabel = "FILE", defaultValue = "soak.csv", description = "Where the samples go, one"
            + " line each as it is taken. Default: ${DEFAULT-VALUE}.")
    Path csv;

    @Override
    public Integer call() throws Exception {
        if (!(database instanceof StoreUrl.Postgres postgres)) {
            throw new UsageException("soak needs a PostgreSQL --database: it samples PostgreSQL's table statistics");
        }
        if (length.compareTo(Duration.ofHours(24)) > 0) {
            throw new UsageException("--length must be at most 24h, was " + length);
        }
        Soak.Options options;
        try {
            options = new Soak.Options(length, rate, finishedRows, sampleEvery, concurrency);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progress = spec.commandLine().getErr();
        BenchTarget.PostgresSchema target = BenchTarget.postgres(postgres.jdbcUrl());
        AtomicBoolean cleaned = new AtomicBoolean();
        Runnable cleanUp = () -> {
            if (cleaned.compareAndSet(false, true)) {
                BenchCommand.closeAll(List.of(target));
            }
        };
        Thread hook = Thread.ofPlatform().name("stevedore-soak-cleanup").unstarted(cleanUp);
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            progress.printf("soak on %s, samples to %s%n", target.location(), csv);
            Soak.Result result = new Soak(target, options, progress).run(csv);
            out.printf("%,d jobs enqueued: %d not completed, %d never ran, %d ran twice; %d samples in %s%n",
                    result.enqueued(), result.unfinished(), result.neverRan(), result.ranTwice(),
                    result.samples().size(), csv);
            out.flush();
            return result.unfinished() + result.neverRan() + result.ranTwice() == 0 ? 0 : Main.FAILURE;
        } finally {
            cleanUp.run();
            BenchCommand.removeHook(hook);
        }
    }
}
