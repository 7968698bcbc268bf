package dev.stevedore;

import dev.stevedore.spi.NewJob;
import dev.stevedore.spi.Notifier;
import dev.stevedore.spi.UniqueInsert;
import dev.stevedore.spi.Store;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link Stevedore} implementation: enqueues, and wires the runtime's services together. */
final class WorkerNode implements Stevedore {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerNode.class);
    /** The cancellation reason of {@link #cancel(long)}. */
    static final String CANCEL_REASON = "cancelled by request";
    /** The error message of {@link #discard(long)}. */
    static final String DISCARD_REASON = "discarded by an operator";

    private final NodeConfig config;
    private final Store store;
    private final ArgsCodec codec;
    private final EventBus events;
    private final StatsRecorder stats;
    private final Completer completer;
    private final Settler settler;
    private final FailureRecorder failures;
    private final ProgressWriter progressWriter;
    private final JobRunner runner;
    private final Gate gate;
    private final ScheduledThreadPoolExecutor timers;
    private final Map<String, Producer> producers = new LinkedHashMap<>();
    private final Heartbeat heartbeat;
    private final Rescuer rescuer;
    private final UnheldJobs unheldJobs;
    private final ControlWatcher controlWatcher;
    private final Elector elector;
    private final Enqueuer enqueuer;
    private final NodeCronControl cronControl;
    private final FanOutRunner fanOuts;
    private final HealthReader health;
    private final Redaction redaction;
    /** Null without a meter registry: then no Micrometer class is ever loaded. */
    private final @Nullable NodeMeters meters;
    private final Object lifecycle = new Object();
    private AutoCloseable subscription;
    private AutoCloseable controlSubscription;
    private boolean started;
    /** Set once a test takes this node's steps: they drive it from then on, and it never starts. */
    private volatile @Nullable NodeSteps steps;

    WorkerNode(NodeConfig config) {
        this.config = config;
        this.store = config.store();
        this.codec = new ArgsCodec(config.settings().maxArgsBytes());
        this.stats = new StatsRecorder(config.store(), config.clock());
        this.failures = new FailureRecorder(store, config.failures(), this::publish);
        List<JobListener> listeners = new ArrayList<>(config.listeners());
        listeners.add(stats);
        listeners.add(failures);
        this.events = new EventBus(listeners, config.eventListeners());
        this.completer = new Completer(store, events, config.settings().completeBatch());
        this.timers = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("stevedore-timers").factory());
        timers.setRemoveOnCancelPolicy(true);
        this.settler = new Settler(config.classifier(), config.defaults(), config.nodeId(), config.clock());
        this.progressWriter = new ProgressWriter(store);
        this.gate = new Gate(config, completer, settler, events);
        this.runner = new JobRunner(config, codec, settler, completer, events, timers, progressWriter, gate);
        NodeSlots nodeSlots = config.nodeConcurrency() > 0 ? new NodeSlots(config.nodeConcurrency()) : null;
        config.queueConcurrency().forEach((queue, concurrency) -> {
            Producer producer = new Producer(queue, concurrency, config, runner, completer, settler, gate, nodeSlots);
            producers.put(queue, producer);
            if (nodeSlots != null) {
                nodeSlots.register(producer);
            }
        });
        this.heartbeat = new Heartbeat(config, runner);
        this.meters = config.meters() != null ? new NodeMeters(config, config.meters(), events, runner::runningCount) : null;
        this.controlWatcher = new ControlWatcher(config, producers.values(), runner);
        this.enqueuer = new Enqueuer(config, codec);
        this.cronControl = new NodeCronControl(config, enqueuer);
        this.fanOuts = new FanOutRunner(store, enqueuer, codec);
        this.rescuer = new Rescuer(config, events, heartbeat, this::wakeAllWithoutNotifier);
        this.unheldJobs = new UnheldJobs(config, rescuer, this::heldJobIds, runner.handOffs());
        this.health = new HealthReader(config);
        this.redaction = new Redaction(config.failures().redact());
        List<Service> leaderServices = new java.util.ArrayList<>(List.of(
                new Stager(config, this::wakeAllWithoutNotifier),
                rescuer,
                new Expirer(config, events),
                new Pruner(config),
                new QueueSampler(config),
                new BatchSweeper(config, this::wakeAllWithoutNotifier)));
        if (!config.cron().isEmpty()) {
            leaderServices.add(new CronScheduler(config, enqueuer, this::wakeAllWithoutNotifier));
        }
        if (!config.alerts().rules().isEmpty()) {
            leaderServices.add(new AlertEvaluator(config, events));
        }
        this.elector = new Elector(config, List.copyOf(leaderServices));
    }

    @Override
    public Enqueued enqueue(Record args, Consumer<JobOptions> options) {
        return enqueueMany(List.of(args), options).get(0);
    }

    @Override
    public List<Enqueued> enqueueMany(List<? extends Record> args, Consumer<JobOptions> options) {
        List<NewJob> jobs = enqueuer.prepare(args, options);
        if (jobs.isEmpty()) {
            return List.of();
        }
        List<Enqueued> results = Enqueuer.insert(jobs, new Enqueuer.Inserts<RuntimeException>() {
            @Override
            public List<Long> many(List<NewJob> batch) {
                return store.jobInsertMany(batch);
            }

            @Override
            public UniqueInsert unique(NewJob job) {
                return store.jobInsertUnique(job);
            }
        });
        wakeLocalProducers(jobs);
        return results;
    }

    @Override
    public List<Enqueued> enqueueMany(Connection connection, List<? extends Record> args, Consumer<JobOptions> options)
            throws SQLException {
        List<NewJob> jobs = enqueuer.prepare(args, options);
        return jobs.isEmpty() ? List.of() : Enqueuer.insert(jobs, new Enqueuer.Inserts<SQLException>() {
            @Override
            public List<Long> many(List<NewJob> batch) throws SQLException {
                return store.jobInsertMany(connection, batch);
            }

            @Override
            public UniqueInsert unique(NewJob job) throws SQLException {
                return store.jobInsertUnique(connection, job);
            }
        });
    }

    @Override
    public EnqueuedBatch enqueueBatch(Consumer<BatchOptions> batch) {
        BatchPlan plan = BatchPlan.of(batch, enqueuer);
        EnqueuedBatch result = plan.result(store.batchInsert(plan.batch()));
        wakeLocalProducers(plan.batch().jobs());
        return result;
    }

    @Override
    public List<Enqueued> enqueueInBatch(long batchId, List<? extends Record> args, Consumer<JobOptions> options) {
        List<NewJob> jobs = enqueuer.prepare(args, options);
        for (NewJob job : jobs) {
            if (job.unique() != null) {
                throw new IllegalArgumentException("a job of kind " + job.kind() + " is unique; a batch cannot hold "
                        + "unique jobs: enqueue it outside the batch");
            }
        }
        if (jobs.isEmpty()) {
            return List.of();
        }
        List<Long> ids = store.batchJobInsertMany(batchId, jobs);
        wakeLocalProducers(jobs);
        List<Enqueued> out = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            out.add(new Enqueued(ids.get(i), jobs.get(i).state()));
        }
        return out;
    }

    @Override
    public Optional<BatchStatus> batch(long batchId) {
        return store.batchGet(batchId);
    }

    @Override
    public List<BreakerState> breakers() {
        return store.breakerList();
    }

    @Override
    public List<StatsBucket> stats(StatsQuery query) {
        return store.statsList(query);
    }

    @Override
    public List<QueueHealth> queueHealth() {
        return health.all();
    }

    @Override
    public QueueHealth queueHealth(String queue) {
        return health.one(queue);
    }

    @Override
    public List<CronSchedule> cronSchedules() {
        return cronControl.list();
    }

    @Override
    public CronControl cron() {
        return cronControl;
    }

    @Override
    public <T> FanOutResult fanOut(String name, String run, FanOutSource<T> source,
                                   Function<? super T, ? extends Record> job, Consumer<FanOutOptions> options) {
        FanOutOptions fanOutOptions = new FanOutOptions();
        Objects.requireNonNull(options, "options").accept(fanOutOptions);
        return fanOuts.run(name, run, source, job, fanOutOptions);
    }

    @Override
    public Optional<Job> job(long id) {
        return store.jobGet(id);
    }

    @Override
    public List<Failure> failures(FailureQuery query) {
        return store.failureList(Objects.requireNonNull(query, "query"));
    }

    @Override
    public List<Issue> issues(IssueQuery query) {
        return store.issueList(Objects.requireNonNull(query, "query"));
    }

    @Override
    public Optional<Issue> issue(String id) {
        return store.issueGet(Objects.requireNonNull(id, "id"));
    }

    @Override
    public Optional<Issue> resolveIssue(String id) {
        return store.issueSetStatus(Objects.requireNonNull(id, "id"), IssueStatus.RESOLVED);
    }

    @Override
    public Optional<Issue> ignoreIssue(String id) {
        return store.issueSetStatus(Objects.requireNonNull(id, "id"), IssueStatus.IGNORED);
    }

    @Override
    public Optional<Issue> reopenIssue(String id) {
        return store.issueSetStatus(Objects.requireNonNull(id, "id"), IssueStatus.OPEN);
    }

    @Override
    public List<Alert> alerts(AlertQuery query) {
        return store.alertList(Objects.requireNonNull(query, "query"));
    }

    @Override
    public Optional<Job> cancel(long id) {
        Optional<Job> job = store.jobCancel(id, CANCEL_REASON);
        // The job may be ours: act now rather than at the next read (or the notification's round trip).
        job.filter(Job::cancelPending).ifPresent(j -> controlWatcher.wake());
        job.filter(j -> j.batchId() != null && j.state().isFinal()).ifPresent(this::advanceBatchOf);
        return job;
    }

    /** Cancels the steps waiting for a batch job that ended (cancelled, discarded) and finishes its batch if it was the last. */
    private void advanceBatchOf(Job cancelled) {
        try {
            store.batchAdvance(List.of(cancelled.id()));
        } catch (RuntimeException e) {
            LOG.warn("job {} is {}, but its batch {} could not be moved on now; the leader's sweep will: {}",
                    cancelled.id(), cancelled.state().dbName(), cancelled.batchId(), e.toString());
        }
    }

    @Override
    public void pauseQueue(String queue) {
        if (store.queuePause(Names.checkQueue(queue))) {
            events.publish(new QueueChange(queue, QueueChange.Type.PAUSED));
        }
        Producer producer = producers.get(queue);
        if (producer != null) {
            producer.pause();
        }
    }

    @Override
    public boolean resumeQueue(String queue) {
        boolean wasPaused = store.queueResume(Names.checkQueue(queue));
        if (wasPaused) {
            events.publish(new QueueChange(queue, QueueChange.Type.RESUMED));
        }
        Producer producer = producers.get(queue);
        if (producer != null) {
            producer.resume();
        }
        // A control read that began before the resume committed may pause the producer again: read anew.
        controlWatcher.wake();
        return wasPaused;
    }

    @Override
    public List<PausedQueue> pausedQueues() {
        return store.queuePausedList();
    }

    @Override
    public int clearQueue(String queue) {
        return store.queueClear(Names.checkQueue(queue), "queue " + queue + " cleared");
    }

    @Override
    public Optional<Job> retry(long id) {
        Optional<Job> job = store.jobRetry(id);
        job.filter(j -> j.state() == JobState.AVAILABLE).ifPresent(j -> wakeQueue(j.queue()));
        return job;
    }

    @Override
    public Optional<Job> discard(long id) {
        Optional<Job> job = store.jobDiscard(id, config.nodeId(), DISCARD_REASON);
        job.filter(j -> j.batchId() != null && j.state().isFinal()).ifPresent(this::advanceBatchOf);
        return job;
    }

    @Override
    public boolean delete(long id) {
        return store.jobDelete(id);
    }

    @Override
    public String redactArgs(String args) {
        return redaction.apply(Objects.requireNonNull(args, "args"));
    }

    @Override
    public Map<String, String> limits() {
        Map<String, String> limits = new LinkedHashMap<>();
        config.flow().limits().forEach(rule -> limits.put(rule.name(), rule.describe()));
        return java.util.Collections.unmodifiableMap(limits);
    }

    @Override
    public Map<String, Integer> queueConcurrency() {
        return java.util.Collections.unmodifiableMap(config.queueConcurrency());
    }

    @Override
    public String nodeId() {
        return config.nodeId();
    }

    /** This node's {@link NodeSteps}, created on first use; refused once the node has started. */
    NodeSteps steps() {
        synchronized (lifecycle) {
            if (started) {
                throw new IllegalStateException("node " + config.nodeId() + " is started: its own loops run its "
                        + "jobs; steps drive a node that is never started");
            }
            if (steps == null) {
                List<Service> recorders = new ArrayList<>(List.of(failures, stats, progressWriter));
                if (gate.hasBreakers()) {
                    recorders.add(gate);
                }
                steps = new NodeSteps(config, new NodeSteps.Parts(runner, completer,
                        new ClaimedJobs(config, completer, settler, gate), gate, codec, enqueuer, List.copyOf(recorders)));
            }
            return steps;
        }
    }

    @Override
    public void start() {
        synchronized (lifecycle) {
            if (started) {
                return;
            }
            if (steps != null) {
                throw new IllegalStateException("node " + config.nodeId() + " is driven by a test's NodeSteps "
                        + "(stevedore-test): its jobs run when the test drains them, so it cannot also start");
            }
            if (producers.isEmpty()) {
                throw new IllegalStateException("no queues configured: add .queue(\"name\") to run jobs "
                        + "(a node without queues can still enqueue without being started)");
            }
            // Jobs still running under this id were left by an earlier process (a fixed node id); this
            // process's heartbeat would keep them looking owned forever, so they go back first.
            rescuer.handBackLeftByEarlierProcess();
            // Register before claiming: the rescuer treats running jobs of unknown nodes as orphans.
            heartbeat.runOnce();
            store.notifier().ifPresent(notifier -> {
                subscription = notifier.subscribe(this::wakeQueue);
                controlSubscription = notifier.subscribeControl(controlWatcher::wake);
            });
            heartbeat.start();
            completer.start();
            stats.start();
            failures.start();
            progressWriter.start();
            controlWatcher.start();
            unheldJobs.start();
            if (gate.hasBreakers()) {
                gate.start();
            }
            elector.start();
            producers.values().forEach(Service::start);
            if (meters != null) {
                meters.start();
            }
            started = true;
            LOG.info("node {} started: queues {}", config.nodeId(), config.queueConcurrency());
        }
    }

    @Override
    public void stop() {
        synchronized (lifecycle) {
            if (!started) {
                return;
            }
            started = false;
            unheldJobs.stop(); // first: stopping moves jobs between stages it reads
            producers.values().forEach(Service::stop);
            closeSubscription();
            awaitRunningJobs(config.settings().shutdownGrace());
            if (runner.runningCount() > 0) {
                LOG.info("interrupting {} job(s) still running after the shutdown grace; they are handed back",
                        runner.runningCount());
                runner.interruptAllForShutdown();
                awaitRunningJobs(config.settings().interruptGrace().plusSeconds(1));
            }
            if (meters != null) {
                meters.stop();
            }
            controlWatcher.stop();
            gate.stop();
            progressWriter.stop();
            completer.stop();
            stats.stop(); // after the completer: it publishes the last outcomes' events
            elector.stop();
            failures.stop(); // after the completer and the leader's services: they publish the last failures
            heartbeat.stop();
            try {
                store.nodeRemove(config.nodeId());
            } catch (RuntimeException e) {
                LOG.warn("could not remove node row {}; it will look dead and be ignored", config.nodeId(), e);
            }
            LOG.info("node {} stopped", config.nodeId());
        }
    }

    @Override
    public void close() {
        stop();
        if (meters != null) {
            meters.close();
        }
        timers.shutdownNow();
        store.close();
    }

    /** Publishes a change made off the job path (the failure recorder's issues) on this node's bus. */
    private void publish(StevedoreEvent event) {
        events.publish(event);
    }

    /** Test hook: the concurrency a queue runs with after environment overrides. */
    int concurrencyOf(String queue) {
        return producers.get(queue).concurrency();
    }

    /** Test hook: whether this node holds the leadership now. */
    boolean isLeader() {
        return elector.isLeader();
    }

    private void awaitRunningJobs(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        while (runner.runningCount() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void closeSubscription() {
        closeQuietly(subscription);
        closeQuietly(controlSubscription);
        subscription = null;
        controlSubscription = null;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("closing notifier subscription", e);
            }
        }
    }

    /**
     * The jobs this node holds, read in the order a job moves through it (claimed and buffered, running,
     * outcome waiting to be written), so one that moves on meanwhile is seen in its next stage.
     */
    private Set<Long> heldJobIds() {
        Set<Long> held = new java.util.HashSet<>();
        producers.values().forEach(p -> held.addAll(p.bufferedIds()));
        held.addAll(runner.runningIds());
        held.addAll(completer.unwrittenIds());
        return held;
    }

    private void wakeQueue(String queue) {
        if (Notifier.ALL_QUEUES.equals(queue)) {
            // Back after an outage: claim now rather than at the end of each producer's failure backoff.
            producers.values().forEach(Producer::workAvailable);
            return;
        }
        Producer producer = producers.get(queue);
        if (producer != null) {
            producer.workAvailable();
        }
    }

    /** With notifications, the store already told every node; without, wake our own producers. */
    private void wakeAllWithoutNotifier() {
        if (store.notifier().isEmpty()) {
            producers.values().forEach(Producer::workAvailable);
        }
    }

    /**
     * The insert has committed, so our own producers can claim the new jobs now. This is done even when
     * the store notifies: the notification reaches this node only after a round trip through the
     * database, and the one extra claim it then triggers finds nothing and costs one cheap query.
     */
    private void wakeLocalProducers(List<NewJob> jobs) {
        List<String> queues = new ArrayList<>();
        for (NewJob job : jobs) {
            if (job.state() == JobState.AVAILABLE && !queues.contains(job.queue())) {
                queues.add(job.queue());
            }
        }
        queues.forEach(this::wakeQueue);
        NodeSteps driver = steps;
        if (driver != null && !queues.isEmpty()) {
            driver.enqueued();
        }
    }
}
