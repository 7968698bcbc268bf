package dev.stevedore.cli;

import dev.stevedore.JobEvent;
import dev.stevedore.QueueOptions;
import dev.stevedore.Stevedore;
import dev.stevedore.StevedoreBuilder;
import dev.stevedore.spi.MigrationStatus;
import dev.stevedore.spi.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code stevedore worker}: runs the handlers of an application's jar until SIGTERM or SIGINT. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Runs the job handlers of your application's jar(s) until SIGTERM or SIGINT, then stops"
                + " gracefully (running jobs get the shutdown grace to finish; the rest are handed back).",
                "The jars declare their handlers by implementing dev.stevedore.cli.WorkerModule, listed in"
                        + " META-INF/services/dev.stevedore.cli.WorkerModule (see docs/worker.md)."},
        footer = {"", "Example:",
                "  stevedore worker --database 'postgresql://db:5432/app?user=app' \\",
                "      --classpath build/libs/app.jar:build/libs/deps/* --queue mail=20 --queue reports=2"})
final class WorkerCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("stevedore.worker");
    private static final Pattern QUEUE_SPEC = Pattern.compile("([A-Za-z0-9_.-]{1,64})(?:=(\\d{1,6}))?");

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOption database;

    @Option(names = "--config", paramLabel = "FILE", description = {"A YAML file of these options (database, classpath,"
            + " queues: {NAME: CONCURRENCY}, migrate, node-id, restart-above, shutdown-grace, metrics-port, metrics-host,"
            + " dashboard-port, dashboard-host). Default: the file named by " + WorkerConfig.ENV_CONFIG + ", if any.",
            "Every option can also come from STEVEDORE_<OPTION> (e.g. STEVEDORE_NODE_ID). A flag beats the environment,"
                    + " which beats the file. See docs/worker.md."})
    @Nullable Path config;

    @Option(names = {"-cp", "--classpath"}, required = true, paramLabel = "JAR_OR_DIR[:...]",
            description = "Your application's jars and class directories, ':'-separated; DIR/* means every jar in DIR.")
    String classpath;

    @Option(names = {"-q", "--queue"}, paramLabel = "NAME[=CONCURRENCY]",
            description = {"A queue to run, with the jobs it may run at once on this node (1-" + QueueOptions.MAX_CONCURRENCY
                    + ", default " + QueueOptions.DEFAULT_CONCURRENCY + "). Repeatable.",
                    "Overrides the concurrency of a queue your WorkerModule configures."})
    List<String> queues = new ArrayList<>();

    @Option(names = "--migrate", description = "Apply pending PostgreSQL migrations before starting (default: refuse to start).")
    boolean migrate;

    @Option(names = "--node-id", paramLabel = "ID", description = "This node's id (default: host, pid and a random suffix).")
    @Nullable String nodeId;

    @Option(names = "--restart-above", paramLabel = "SIZE", converter = Converters.SizeConverter.class,
            description = {"Restart gracefully when the process's resident memory stays above SIZE (e.g. 1g) for three"
                    + " heartbeats: the worker stops as on SIGTERM and exits with " + RESTART_EXIT_CODE + ", and bin/stevedore"
                    + " starts it again. At least 16m."})
    @Nullable Long restartAbove;

    @Option(names = "--shutdown-grace", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "How long a stop waits for running jobs before interrupting them (default 25s).")
    @Nullable Duration shutdownGrace;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve this node's metrics at http://HOST:PORT/metrics in the Prometheus text format"
                    + " (0-65535; 0 picks a free port; default: no endpoint). See docs/metrics.md.")
    @Nullable Integer metricsPort;

    @Option(names = "--metrics-host", paramLabel = "HOST",
            description = "The address the metrics endpoint binds (default 127.0.0.1: this machine only; 0.0.0.0 for all).")
    String metricsHost = "127.0.0.1";

    @Option(names = "--dashboard-port", paramLabel = "PORT",
            description = {"Serve the web dashboard at http://HOST:PORT/ (0-65535; 0 picks a free port; default: none).",
                    "Users and tokens come from " + WorkerDashboard.USERS + " and " + WorkerDashboard.TOKENS
                            + " (ROLE:NAME:SECRET, space-separated). See docs/dashboard.md."})
    @Nullable Integer dashboardPort;

    @Option(names = "--dashboard-host", paramLabel = "HOST",
            description = "The address the dashboard binds (default 127.0.0.1; any other needs a user or token).")
    String dashboardHost = "127.0.0.1";

    /** The exit code that asks bin/stevedore to start the worker again (EX_TEMPFAIL). */
    static final int RESTART_EXIT_CODE = 75;

    private volatile boolean restartRequested;
    /** The node's store, which the dashboard reads beside the node. */
    private @Nullable Store store;

    @Override
    public Integer call() throws Exception {
        if (metricsPort != null && (metricsPort < 0 || metricsPort > 65_535)) {
            throw new UsageException("--metrics-port must be in [0, 65535], was " + metricsPort);
        }
        try (MetricsEndpoint metrics = metricsPort == null ? null : openMetrics()) {
            return run(metrics);
        }
    }

    private MetricsEndpoint openMetrics() {
        try {
            return new MetricsEndpoint(metricsHost, metricsPort);
        } catch (IOException | RuntimeException e) {
            throw new UsageException("cannot serve metrics on " + metricsHost + ":" + metricsPort + ": " + Main.describe(e));
        }
    }

    private Integer run(@Nullable MetricsEndpoint metrics) throws Exception {
        Map<String, Integer> queueConcurrency = parseQueues(queues);
        StoreUrl url = database.url();
        PrintWriter out = spec.commandLine().getOut();
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = WorkerClasspath.loader(WorkerClasspath.urls(classpath))) {
            Thread.currentThread().setContextClassLoader(loader);
            List<WorkerModule> modules = WorkerClasspath.modules(loader, classpath);
            dev.stevedore.dashboard.DashboardOptions dashboardOptions = dashboardPort == null ? null
                    : WorkerDashboard.options(dashboardHost, dashboardPort, System.getenv());
            Stevedore node = build(url, modules, queueConcurrency, metrics);
            dev.stevedore.dashboard.Dashboard dashboard = null;
            try {
                // Before the node starts: a dashboard that cannot be served stops the worker before it claims a job.
                if (dashboardOptions != null) {
                    dashboard = WorkerDashboard.start(node, store, dashboardOptions);
                }
                main.shutdown.arm();
                try {
                    node.start();
                } catch (IllegalStateException e) {
                    if (e.getMessage() != null && e.getMessage().startsWith("no queues configured")) {
                        throw new UsageException("no queues to run: pass --queue NAME[=CONCURRENCY] or configure queues in your WorkerModule");
                    }
                    throw e;
                }
                out.printf("worker %s running on %s with %s; SIGTERM or Ctrl-C stops it gracefully%n",
                        node.nodeId(), url.display(), moduleNames(modules));
                if (metrics != null) {
                    out.printf("metrics at %s%n", metrics.url());
                }
                if (dashboard != null) {
                    out.printf("dashboard at %s%n", dashboard.url());
                }
                out.flush();
                main.shutdown.await();
                out.println("stopping: waiting for running jobs…");
                out.flush();
            } finally {
                if (dashboard != null) {
                    dashboard.close();
                }
                node.close();
            }
            if (restartRequested) {
                out.println("worker " + node.nodeId() + " stopped to restart (memory ceiling); exit " + RESTART_EXIT_CODE);
                return RESTART_EXIT_CODE;
            }
            out.println("worker " + node.nodeId() + " stopped");
            return 0;
        } catch (IOException e) {
            throw new IllegalStateException("cannot close the worker class loader: " + e.getMessage(), e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
            main.shutdown.stopped();
        }
    }

    private Stevedore build(StoreUrl url, List<WorkerModule> modules, Map<String, Integer> queueConcurrency,
                            @Nullable MetricsEndpoint metrics) {
        Store store = url.open();
        this.store = store;
        try {
            checkSchema(store, url);
            Map<String, String> environment = new HashMap<>(System.getenv());
            // The command line beats the environment and the module for the queues it names.
            queueConcurrency.forEach((queue, n) -> environment.put(concurrencyVariable(queue), Integer.toString(n)));
            StevedoreBuilder builder = Stevedore.builder().store(store).environment(environment)
                    .listener(WorkerCommand::logFailure);
            if (nodeId != null) {
                builder.nodeId(nodeId);
            }
            if (shutdownGrace != null) {
                builder.shutdownGrace(shutdownGrace);
            }
            if (metrics != null) {
                builder.meterRegistry(metrics.registry());
            }
            if (restartAbove != null) {
                if (restartAbove < 16L << 20) {
                    throw new UsageException("--restart-above must be at least 16m, was " + restartAbove + " bytes");
                }
                builder.memoryCeiling(restartAbove, () -> {
                    restartRequested = true;
                    main.shutdown.request();
                });
            }
            for (WorkerModule module : modules) {
                try {
                    module.configure(builder);
                } catch (RuntimeException e) {
                    throw new IllegalStateException(module.getClass().getName() + ".configure failed: " + Main.describe(e), e);
                }
            }
            queueConcurrency.forEach((queue, n) -> {
                try {
                    builder.queue(queue, q -> q.concurrency(n));
                } catch (IllegalArgumentException alreadyConfigured) {
                    // The module configured this queue; the environment override above sets its concurrency.
                }
            });
            return builder.build();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private void checkSchema(Store store, StoreUrl url) {
        MigrationStatus status = store.migrationStatus();
        if (!status.pending()) {
            return;
        }
        if (!migrate) {
            throw new UsageException(url.display() + " is at schema version " + status.applied() + " of " + status.latest()
                    + ": run 'stevedore migrate up' first, or pass --migrate");
        }
        int reached = store.migrateUp();
        spec.commandLine().getOut().printf("migrated %s to version %d%n", url.display(), reached);
    }

    static Map<String, Integer> parseQueues(List<String> specs) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String queueSpec : specs) {
            var m = QUEUE_SPEC.matcher(queueSpec.strip());
            if (!m.matches()) {
                throw new UsageException("--queue " + queueSpec + ": expected NAME or NAME=CONCURRENCY, the name 1-64 "
                        + "letters, digits, '.', '_' or '-'");
            }
            int concurrency = m.group(2) == null ? QueueOptions.DEFAULT_CONCURRENCY : Integer.parseInt(m.group(2));
            if (concurrency < 1 || concurrency > QueueOptions.MAX_CONCURRENCY) {
                throw new UsageException("--queue " + queueSpec + ": concurrency must be in [1, "
                        + QueueOptions.MAX_CONCURRENCY + "], was " + concurrency);
            }
            if (out.put(m.group(1), concurrency) != null) {
                throw new UsageException("--queue " + m.group(1) + " is given twice");
            }
        }
        return out;
    }

    /** The variable {@link StevedoreBuilder} reads a queue's concurrency override from. */
    static String concurrencyVariable(String queue) {
        return "STEVEDORE_QUEUE_" + queue.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_CONCURRENCY";
    }

    private static String moduleNames(List<WorkerModule> modules) {
        return modules.stream().map(m -> m.getClass().getSimpleName()).toList().toString();
    }

    private static void logFailure(JobEvent event) {
        var job = event.job();
        String error = event.error() == null ? "" : ": " + event.error().message();
        switch (event.type()) {
            case RETRY_SCHEDULED -> LOG.info("job {} ({}) attempt {} failed, will retry{}", job.id(), job.kind(), job.attempt(), error);
            case DISCARDED -> LOG.warn("job {} ({}) discarded after attempt {}{}", job.id(), job.kind(), job.attempt(), error);
            case HELD -> LOG.warn("job {} ({}) held for an operator{}", job.id(), job.kind(), error);
            default -> { }
        }
    }
}
