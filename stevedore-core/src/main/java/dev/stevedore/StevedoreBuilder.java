package dev.stevedore;

import dev.stevedore.spi.CrashLimit;
import dev.stevedore.spi.Store;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link Stevedore} node. Every setter checks its value at once and throws
 * {@link IllegalArgumentException} with the bad value; {@link #build()} checks the whole.
 */
public final class StevedoreBuilder {
    /** Default attempts per job: 20. */
    public static final int DEFAULT_MAX_ATTEMPTS = 20;
    /** Default per-attempt timeout: 30 minutes. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
    /** The queue used when neither the enqueue nor the kind names one. */
    public static final String DEFAULT_QUEUE = "default";

    private @Nullable Store store;
    private final Map<String, Registration<?>> handlers = new LinkedHashMap<>();
    private final Map<String, QueueOptions> queues = new LinkedHashMap<>();
    private final List<JobListener> listeners = new ArrayList<>();
    private final Map<String, CronEntry> cron = new LinkedHashMap<>();
    private final Map<String, Limit> limits = new LinkedHashMap<>();
    private final Map<String, Breaker> breakers = new LinkedHashMap<>();
    private final List<Consumer<? super StevedoreEvent>> eventListeners = new ArrayList<>();
    private final Map<String, AlertCheck> alerts = new LinkedHashMap<>();
    private final List<AlertSink> alertSinks = new ArrayList<>();
    private Duration alertInterval = AlertSettings.DEFAULT_INTERVAL;
    private Duration alertRetention = AlertSettings.DEFAULT_RETENTION;
    private int nodeConcurrency;
    private final Classifier.Rules rules = new Classifier.Rules();
    private @Nullable String nodeId;
    private InstantSource clock = InstantSource.system();
    private Map<String, String> environment = System.getenv();
    private int defaultMaxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration defaultTimeout = DEFAULT_TIMEOUT;
    private RetryPolicy defaultRetry = RetryPolicy.exponential();
    private Duration pollInterval = RuntimeSettings.DEFAULT_POLL_INTERVAL;
    private Duration heartbeatInterval = RuntimeSettings.DEFAULT_HEARTBEAT_INTERVAL;
    private Duration rescueAfter = RuntimeSettings.DEFAULT_RESCUE_AFTER;
    private CrashLimit crashLimit = new CrashLimit(RuntimeSettings.DEFAULT_QUARANTINE_CRASHES,
            RuntimeSettings.DEFAULT_QUARANTINE_WINDOW);
    private Duration stageInterval = RuntimeSettings.DEFAULT_STAGE_INTERVAL;
    private Duration retainCompleted = RuntimeSettings.DEFAULT_RETAIN_COMPLETED;
    private Duration retainFailed = RuntimeSettings.DEFAULT_RETAIN_FAILED;
    private Duration statsMinutes = RuntimeSettings.DEFAULT_STATS_MINUTES;
    private MemoryCeiling memoryCeiling;
    private Duration statsHours = RuntimeSettings.DEFAULT_STATS_HOURS;
    private final List<String> redact = new ArrayList<>();
    private Duration failureRetention = FailureSettings.DEFAULT_RETENTION;
    private Duration shutdownGrace = RuntimeSettings.DEFAULT_SHUTDOWN_GRACE;
    private Duration interruptGrace = RuntimeSettings.DEFAULT_INTERRUPT_GRACE;
    private @Nullable Object meterRegistry;
    private Duration gaugeRefresh = MeterSettings.DEFAULT_GAUGE_REFRESH;
    private int maxArgsBytes = RuntimeSettings.DEFAULT_MAX_ARGS_BYTES;
    private int maxOutputBytes = RuntimeSettings.DEFAULT_MAX_OUTPUT_BYTES;

    StevedoreBuilder() {}

    /** The store holding the jobs: {@code PostgresStore} or {@code SqliteStore}. Required. */
    public StevedoreBuilder store(Store store) {
        this.store = Objects.requireNonNull(store, "store");
        return this;
    }

    /** Registers the handler of a record type annotated with {@link JobKind}. */
    public <T extends Record> StevedoreBuilder handle(Class<T> type, JobHandler<T> handler) {
        return handle(type, handler, k -> {});
    }

    /** Registers the handler of a record type annotated with {@link JobKind}, with options for the kind. */
    public <T extends Record> StevedoreBuilder handle(Class<T> type, JobHandler<T> handler,
                                                      Consumer<KindOptions> options) {
        String kind = Kinds.of(type);
        Objects.requireNonNull(handler, "handler");
        KindOptions kindOptions = new KindOptions();
        options.accept(kindOptions);
        if (handlers.containsKey(kind)) {
            throw new IllegalArgumentException("a handler for kind \"" + kind + "\" is already registered ("
                    + handlers.get(kind).type().getName() + ")");
        }
        handlers.put(kind, new Registration<>(kind, type, handler, kindOptions));
        return this;
    }

    /** Runs jobs of {@code name} on this node with default options. */
    public StevedoreBuilder queue(String name) {
        return queue(name, q -> {});
    }

    /** Runs jobs of {@code name} on this node. */
    public StevedoreBuilder queue(String name, Consumer<QueueOptions> options) {
        Names.checkQueue(name);
        if (queues.containsKey(name)) {
            throw new IllegalArgumentException("queue \"" + name + "\" is configured twice");
        }
        QueueOptions queueOptions = new QueueOptions();
        options.accept(queueOptions);
        queues.put(name, queueOptions);
        return this;
    }

    /**
     * Caps the jobs running at once on this node across all its queues (each queue's own concurrency
     * still applies), and makes the queues' declaration order their precedence: when a slot frees, the
     * first queue with a claimed job waiting gets it. Without it, each queue runs on its own
     * concurrency, side by side. 1..{@value QueueOptions#MAX_CONCURRENCY}.
     *
     * <pre>{@code
     * .nodeConcurrency(20).queue("critical", q -> q.concurrency(20)).queue("default").queue("low")
     * }</pre>
     */
    public StevedoreBuilder nodeConcurrency(int slots) {
        this.nodeConcurrency = Names.checkRange("nodeConcurrency", slots, 1, QueueOptions.MAX_CONCURRENCY);
        return this;
    }

    /** Default attempts for kinds that set none; 1..1000, default {@value #DEFAULT_MAX_ATTEMPTS}. */
    public StevedoreBuilder defaultMaxAttempts(int maxAttempts) {
        this.defaultMaxAttempts = Names.checkMaxAttempts(maxAttempts);
        return this;
    }

    /** Default per-attempt timeout for kinds that set none; &gt; 0, default 30 minutes. */
    public StevedoreBuilder defaultTimeout(Duration timeout) {
        this.defaultTimeout = Names.checkLimit("timeout", timeout);
        return this;
    }

    /** Default backoff for kinds that set none; default {@link RetryPolicy#exponential()}. */
    public StevedoreBuilder defaultRetry(RetryPolicy retryPolicy) {
        this.defaultRetry = Objects.requireNonNull(retryPolicy, "retryPolicy");
        return this;
    }

    /** Classifies {@code type} (and its subclasses) as {@code category}. */
    public StevedoreBuilder classify(Class<? extends Throwable> type, ErrorCategory category) {
        rules.byType(type, category);
        return this;
    }

    /** A classifier consulted before the built-in rules; returning null defers to them. */
    public StevedoreBuilder classifier(ErrorClassifier classifier) {
        rules.custom(classifier);
        return this;
    }

    /** What to do with jobs failing with {@code category}; defaults per {@link ErrorCategory#defaultAction()}. */
    public StevedoreBuilder onError(ErrorCategory category, ErrorAction action) {
        rules.action(category, action);
        return this;
    }

    /**
     * Receives this node's job events only: the typed shortcut for
     * {@code onEvent(e -> { if (e instanceof JobEvent job) listener.onEvent(job); })}, called before the
     * {@link #onEvent} listeners.
     */
    public StevedoreBuilder listener(JobListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Publishes this node's meters to a Micrometer registry (see docs/metrics.md): job counters and
     * timers by kind, queue and outcome, queue depth, live nodes, open breakers and jobs running here.
     * Default: none, and then Micrometer need not be on the class path.
     */
    public StevedoreBuilder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
        this.meterRegistry = Objects.requireNonNull(registry, "registry");
        return this;
    }

    /**
     * How often the gauges read from the store (queue depth, live nodes, open breakers) are refreshed;
     * scrapes read the cached values. Default 10 s; 100 ms to 10 min.
     */
    public StevedoreBuilder gaugeRefresh(Duration refresh) {
        this.gaugeRefresh = checkBetween("gaugeRefresh", refresh, MeterSettings.MIN_GAUGE_REFRESH, MeterSettings.MAX_GAUGE_REFRESH);
        return this;
    }

    /** This node's id; default host name, process id and a random suffix. 1..128 characters. */
    public StevedoreBuilder nodeId(String nodeId) {
        Objects.requireNonNull(nodeId, "nodeId");
        if (nodeId.isBlank() || nodeId.length() > 128) {
            throw new IllegalArgumentException("nodeId must be 1-128 characters, was \"" + Names.printable(nodeId) + "\"");
        }
        this.nodeId = nodeId;
        return this;
    }

    /** How often a queue checks for work when no notification arrives; 10 ms..1 h, default 1 s. */
    public StevedoreBuilder pollInterval(Duration interval) {
        pollInterval = (checkBetween("pollInterval", interval, Duration.ofMillis(10), Duration.ofHours(1)));
        return this;
    }

    /**
     * Poison-pill quarantine: a job whose node died while running it {@code crashes} times within
     * {@code window} (a {@code Runtime.halt}, an out-of-memory kill, a {@code kill -9}: the rescue after
     * the node stops heartbeating counts one crash) is {@linkplain Job#quarantined() quarantined}, held
     * until an operator retries it, instead of being retried into the next crash. A crash below the
     * limit is retried and gives back its attempt, so crashes never use up the ordinary retry budget.
     * The leader's setting applies (it does the rescues): give every node the same. Default 3 crashes
     * within 1 hour; {@code crashes} 1..1,000, {@code window} 1 minute..30 days. See docs/RELIABILITY.md.
     */
    public StevedoreBuilder quarantineAfterCrashes(int crashes, Duration window) {
        Names.checkRange("quarantine crashes", crashes, 1, 1_000);
        checkBetween("quarantine window", window, Duration.ofMinutes(1), Duration.ofDays(30));
        this.crashLimit = new CrashLimit(crashes, window);
        return this;
    }

    /**
     * How often this node heartbeats (default 5 s) and after how long without a heartbeat its running
     * jobs are rescued (default 30 s; at least three heartbeats). The leader lease lasts three heartbeats.
     */
    public StevedoreBuilder heartbeat(Duration interval, Duration rescueAfter) {
        checkBetween("heartbeat interval", interval, Duration.ofMillis(50), Duration.ofMinutes(5));
        if (rescueAfter.compareTo(interval.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("rescueAfter must be ≥ 3 heartbeat intervals (" + interval.multipliedBy(3)
                    + "), was " + rescueAfter);
        }
        this.heartbeatInterval = interval;
        this.rescueAfter = rescueAfter;
        return this;
    }

    /** How often the leader makes due scheduled and retryable jobs available; 10 ms..1 min, default 1 s. */
    public StevedoreBuilder stageInterval(Duration interval) {
        stageInterval = (checkBetween("stageInterval", interval, Duration.ofMillis(10), Duration.ofMinutes(1)));
        return this;
    }

    /** How long completed jobs are kept (default 1 day) and discarded or cancelled ones (default 7 days). */
    public StevedoreBuilder retention(Duration completed, Duration failed) {
        checkBetween("completed retention", completed, Duration.ZERO, Duration.ofDays(3650));
        checkBetween("failed retention", failed, Duration.ZERO, Duration.ofDays(3650));
        this.retainCompleted = completed;
        this.retainFailed = failed;
        return this;
    }

    /**
     * A memory ceiling for this node: when the process's resident memory (where the platform reports it;
     * else the heap in use) stays above {@code bytes} for three heartbeats in a row, {@code whenPassed}
     * runs once, on its own thread. It should stop the node gracefully and start a fresh process: the
     * CLI worker does that with {@code --restart-above} (see docs/worker.md). Each heartbeat reports the
     * node's memory whether or not a ceiling is set. At least 16 MiB.
     */
    public StevedoreBuilder memoryCeiling(long bytes, Runnable whenPassed) {
        if (bytes < 16L << 20) {
            throw new IllegalArgumentException("memoryCeiling must be at least 16 MiB, was " + bytes + " bytes");
        }
        this.memoryCeiling = new MemoryCeiling(bytes, Objects.requireNonNull(whenPassed, "whenPassed"));
        return this;
    }

    /**
     * How long statistics are kept per minute (default 2 days; older minutes are summed into hours) and
     * per hour (default 90 days). Minutes: 1 h..90 days; hours: at least the minutes, up to 10 years.
     */
    public StevedoreBuilder statsRetention(Duration minutes, Duration hours) {
        checkBetween("per-minute statistics retention", minutes, Duration.ofHours(1), Duration.ofDays(90));
        checkBetween("per-hour statistics retention", hours, minutes, Duration.ofDays(3650));
        this.statsMinutes = minutes;
        this.statsHours = hours;
        return this;
    }

    /**
     * JSON fields of job arguments to replace by "[redacted]" in stored failure records (the job keeps
     * its arguments): a name such as {@code "password"} matches that field at any depth, a dotted path
     * such as {@code "card.number"} from the top (through arrays). Adds to earlier calls; default none.
     */
    public StevedoreBuilder redact(String... fields) {
        List<String> checked = java.util.Arrays.asList(Objects.requireNonNull(fields, "fields"));
        new Redaction(checked);
        redact.addAll(checked);
        return this;
    }

    /** How long failure records are kept (issues keep their counts); 1 min..3650 days, default 14 days. */
    public StevedoreBuilder failureRetention(Duration retention) {
        failureRetention = checkBetween("failureRetention", retention, Duration.ofMinutes(1), Duration.ofDays(3650));
        return this;
    }

    /** How long {@link Stevedore#stop()} waits for running jobs before interrupting them; 0..1 h, default 25 s. */
    public StevedoreBuilder shutdownGrace(Duration grace) {
        shutdownGrace = (checkBetween("shutdownGrace", grace, Duration.ZERO, Duration.ofHours(1)));
        return this;
    }

    /**
     * How long a timed-out or shutdown-interrupted job may take to stop after its interrupt before the
     * node records its outcome, frees its slot and abandons the thread; 0..10 min, default 10 s.
     */
    public StevedoreBuilder interruptGrace(Duration grace) {
        interruptGrace = (checkBetween("interruptGrace", grace, Duration.ZERO, Duration.ofMinutes(10)));
        return this;
    }

    /** Largest accepted JSON arguments in bytes; 1 KiB..64 MiB, default 1 MiB. */
    public StevedoreBuilder maxArgsBytes(int bytes) {
        maxArgsBytes = (Names.checkRange("maxArgsBytes", bytes, 1024, 64 << 20));
        return this;
    }

    /**
     * Largest accepted job output ({@link JobContext#output}) in bytes of JSON; 1 KiB..16 MiB, default
     * 64 KiB. Outputs are stored on the job row: keep them small and store large results elsewhere.
     */
    public StevedoreBuilder maxOutputBytes(int bytes) {
        maxOutputBytes = Names.checkRange("maxOutputBytes", bytes, 1024, 16 << 20);
        return this;
    }

    /** The clock for JVM-side time (deadlines, durations); tests inject one. Store time stays the store's. */
    public StevedoreBuilder clock(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** Environment variables to read overrides from; default {@link System#getenv()}. */
    public StevedoreBuilder environment(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        return this;
    }

    /**
     * Enqueues {@code args} at every tick of {@code expression}, once per tick across all nodes (the
     * leader fires it, by the store's clock). Five fields as in crontab, six with seconds first, or a
     * nickname such as {@code @daily}; read in UTC unless {@link CronOptions#zone} says otherwise.
     * Missed ticks, overlap and the jobs' options are set in {@code options}. See docs/cron.md.
     *
     * @throws IllegalArgumentException for an invalid expression or a name declared twice
     */
    public StevedoreBuilder cron(String name, String expression, Record args, Consumer<CronOptions> options) {
        CronEntry.checkName(name);
        Objects.requireNonNull(args, "args");
        CronOptions cronOptions = new CronOptions();
        Objects.requireNonNull(options, "options").accept(cronOptions);
        if (cron.putIfAbsent(name, new CronEntry(name, CronExpression.parse(expression), args, cronOptions)) != null) {
            throw new IllegalArgumentException("cron schedule \"" + name + "\" is declared twice");
        }
        return this;
    }

    /** {@link #cron(String, String, Record, Consumer)} with the default options. */
    public StevedoreBuilder cron(String name, String expression, Record args) {
        return cron(name, expression, args, c -> {});
    }

    /**
     * Declares a limit, shared by every node: at most N of its jobs running at once and/or at most N
     * starts per period, as one budget or one per key from the args. Jobs over it wait without using
     * an attempt. See {@link Limit} and docs/limits.md.
     *
     * <pre>{@code
     * .limit("stripe", l -> l.kinds(ChargeCard.class).byArgs("accountId").rate(2, Duration.ofSeconds(1)))
     * }</pre>
     */
    public StevedoreBuilder limit(String name, Consumer<Limit> spec) {
        Limit limit = new Limit();
        Objects.requireNonNull(spec, "spec").accept(limit);
        limit.check(Names.checkName("limit", name));
        if (limits.putIfAbsent(name, limit) != null) {
            throw new IllegalArgumentException("limit \"" + name + "\" is declared twice");
        }
        return this;
    }

    /**
     * Declares a circuit breaker, shared by every node: it opens after failures that say a dependency
     * is down, holds its jobs back (no attempt used) for a cool-down, then lets one probe through. See
     * {@link Breaker} and docs/limits.md.
     */
    public StevedoreBuilder breaker(String name, Consumer<Breaker> spec) {
        Breaker breaker = new Breaker();
        Objects.requireNonNull(spec, "spec").accept(breaker);
        breaker.check(Names.checkName("breaker", name));
        if (breakers.putIfAbsent(name, breaker) != null) {
            throw new IllegalArgumentException("breaker \"" + name + "\" is declared twice");
        }
        return this;
    }

    /**
     * Called on this node when a report or probe of this node changes a breaker's status.
     *
     * @deprecated a breaker change is one of the {@link StevedoreEvent}s: use
     *     {@code onEvent(e -> { if (e instanceof BreakerChange change) … })}
     */
    @Deprecated
    public StevedoreBuilder onBreakerChange(Consumer<BreakerChange> listener) {
        Objects.requireNonNull(listener, "listener");
        return onEvent(event -> {
            if (event instanceof BreakerChange change) {
                listener.accept(change);
            }
        });
    }

    /**
     * Receives everything this node publishes, once each, after it is stored: job events, breaker
     * changes, queue pauses and resumes, issues opened and regressed, and (on the leader) alerts fired
     * and resolved. Called on the runtime's own threads, so return quickly; a listener that throws is
     * logged and ignored. In-process and at most once: not a durable log. See docs/events.md.
     */
    public StevedoreBuilder onEvent(Consumer<? super StevedoreEvent> listener) {
        eventListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Declares an alert rule, evaluated by the leader every {@link #alertInterval}: one condition and
     * its options ({@link AlertRule}). An alert fires once per rule and subject across all nodes,
     * resolves when the condition clears, and goes to the {@linkplain #alertSink sinks}. Declare the
     * same rules on every node that may lead. See docs/alerts.md.
     *
     * <pre>{@code
     * .alert("mail-failing", a -> a.successRateBelow(0.95).over(Duration.ofMinutes(15)).queues("mail"))
     * }</pre>
     *
     * @throws IllegalArgumentException for a rule without exactly one condition, an option its condition
     *     does not use, or a name declared twice
     */
    public StevedoreBuilder alert(String name, Consumer<AlertRule> spec) {
        AlertRule rule = new AlertRule();
        Objects.requireNonNull(spec, "spec").accept(rule);
        AlertCheck check = rule.check(Names.checkName("alert", name));
        if (alerts.putIfAbsent(name, check) != null) {
            throw new IllegalArgumentException("alert \"" + name + "\" is declared twice");
        }
        return this;
    }

    /**
     * Adds a place alerts go when they fire and resolve: {@link AlertSink#log()},
     * {@link AlertSink#webhook}, {@link AlertSink#slack} or your own. Default: the log only.
     */
    public StevedoreBuilder alertSink(AlertSink sink) {
        alertSinks.add(Objects.requireNonNull(sink, "sink"));
        return this;
    }

    /** How often the leader evaluates the alert rules; 50 ms..1 h, default 20 s. */
    public StevedoreBuilder alertInterval(Duration interval) {
        alertInterval = checkBetween("alertInterval", interval, AlertSettings.MIN_INTERVAL, AlertSettings.MAX_INTERVAL);
        return this;
    }

    /** How long resolved alerts are kept in the history; 1 min..3650 days, default 90 days. */
    public StevedoreBuilder alertRetention(Duration retention) {
        alertRetention = checkBetween("alertRetention", retention, Duration.ofMinutes(1), Duration.ofDays(3650));
        return this;
    }

    /** Checks the configuration as a whole and creates the node (not started). */
    public Stevedore build() {
        if (store == null) {
            throw new IllegalStateException("no store: call store(PostgresStore.of(dataSource)) or store(SqliteStore.file(path))");
        }
        Map<String, Integer> concurrency = new LinkedHashMap<>();
        queues.forEach((name, options) -> concurrency.put(name, concurrencyFor(name, options)));
        Map<String, Integer> adaptiveMin = new LinkedHashMap<>();
        queues.forEach((name, options) -> {
            if (options.adaptiveMin > 0) {
                adaptiveMin.put(name, Math.min(options.adaptiveMin, concurrency.get(name)));
            }
        });
        Defaults defaults = new Defaults(defaultMaxAttempts, defaultTimeout, defaultRetry);
        RuntimeSettings settings = new RuntimeSettings(pollInterval, heartbeatInterval, rescueAfter,
                RuntimeSettings.leaderTtlFor(heartbeatInterval), stageInterval, RuntimeSettings.DEFAULT_PRUNE_INTERVAL,
                retainCompleted, retainFailed, shutdownGrace, interruptGrace, maxArgsBytes, maxOutputBytes,
                RuntimeSettings.DEFAULT_CLAIM_BATCH, RuntimeSettings.DEFAULT_COMPLETE_BATCH, statsMinutes, statsHours,
                crashLimit);
        return new WorkerNode(new NodeConfig(store, Map.copyOf(handlers), concurrency, List.copyOf(listeners),
                rules.build(), nodeId != null ? nodeId : NodeConfig.generatedNodeId(), clock, defaults, settings,
                List.copyOf(cron.values()), FlowRules.of(limits, breakers), nodeConcurrency, Map.copyOf(adaptiveMin),
                memoryCeiling,
                meterRegistry != null ? new MeterSettings(meterRegistry, gaugeRefresh) : null,
                new FailureSettings(redact, failureRetention, FailureSettings.DEFAULT_BUFFER),
                List.copyOf(eventListeners),
                new AlertSettings(List.copyOf(alerts.values()), alertSinks.isEmpty() ? List.of(AlertSink.log()) : alertSinks,
                        alertInterval, alertRetention),
                latencyTargets()));
    }

    /** Each declared queue's latency target, for its heartbeat and its health. */
    private Map<String, Duration> latencyTargets() {
        Map<String, Duration> targets = new LinkedHashMap<>();
        queues.forEach((name, options) -> targets.put(name, options.latencyTarget));
        return Map.copyOf(targets);
    }

    private int concurrencyFor(String queue, QueueOptions options) {
        String variable = "STEVEDORE_QUEUE_" + queue.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_CONCURRENCY";
        String override = environment.get(variable);
        if (override == null) {
            return options.concurrency;
        }
        try {
            return Names.checkRange(variable, Integer.parseInt(override.strip()), 1, QueueOptions.MAX_CONCURRENCY);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable + " must be a whole number, was \"" + Names.printable(override) + "\"");
        }
    }

    private static Duration checkBetween(String what, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, what);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(what + " must be in [" + min + ", " + max + "], was " + value);
        }
        return value;
    }
}
