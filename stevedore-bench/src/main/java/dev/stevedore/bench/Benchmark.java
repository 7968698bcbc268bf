package dev.stevedore.bench;

import dev.stevedore.JobEvent;
import dev.stevedore.JobState;
import dev.stevedore.Stevedore;
import dev.stevedore.StevedoreBuilder;
import dev.stevedore.bench.BenchJobs.NoOp;
import dev.stevedore.bench.BenchJobs.Probe;
import dev.stevedore.spi.JobFilter;
import dev.stevedore.spi.MatchingJobs;
import dev.stevedore.spi.Store;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * Measures a store through the public API, in four phases, each on a fresh store handle:
 * <ol>
 *   <li>single enqueue: {@code enqueue} called sequentially, one job per call (one transaction each);</li>
 *   <li>bulk enqueue: {@code enqueueMany} in chunks (COPY on PostgreSQL);</li>
 *   <li>drain: one node with one queue of concurrency 100 runs the bulk-enqueued no-op jobs; the clock
 *       stops when the last completion is stored (finished rows are kept: retention is 30 days);</li>
 *   <li>pickup latency: an idle node; jobs enqueued one by one with a gap; latency is the handler's start
 *       minus the moment the enqueue call began, both on this JVM's clock.</li>
 * </ol>
 * A short warm-up of each call precedes the timed phases. On PostgreSQL the drain also records how many
 * transactions PostgreSQL committed per job ({@link CommitCounter}).
 *
 * <p>With {@link BenchOptions#finishedRows()} above 0, the migrated table (and the raw bounds' twin, if
 * any) first gets that many finished jobs in a queue of their own ({@link FinishedRows}), untimed, so
 * every phase runs beside the history a long-running system keeps.
 *
 * <p>With raw bounds ({@link #Benchmark(BenchTarget.PostgresSchema, BenchTarget.PostgresSchema, BenchOptions,
 * PrintWriter) the four-argument constructor}), each throughput phase is followed at once by its
 * counterpart in plain SQL over plain JDBC on a second schema ({@link RawBounds}), and the phase reports
 * that figure as its bound.
 */
public final class Benchmark {
    static final String SINGLE_QUEUE = "bench-single";
    static final String DRAIN_QUEUE = "bench-drain";
    static final String LATENCY_QUEUE = "bench-latency";
    /** The latency phase's node runs its one queue with this many slots, the runtime's default. */
    static final int LATENCY_CONCURRENCY = dev.stevedore.QueueOptions.DEFAULT_CONCURRENCY;
    /** Where {@link #settle} puts its untimed jobs; nothing drains them. */
    static final String SETTLE_QUEUE = "bench-settle";
    private static final int SETTLE_ENQUEUES = 200;
    private static final long SETTLE_PAUSE_MS = 500;
    static final String WARMUP_QUEUE = "bench-warmup";
    static final String FLOW_QUEUE = "bench-flow";
    static final String FLOW_WARMUP_QUEUE = "bench-flow-warmup";
    static final String OBSERVED_WARMUP_QUEUE = "bench-observed-warmup";
    static final String OBSERVED_QUEUE = "bench-observed";
    /** What {@link #withObservability(Set)} can switch on. */
    public static final Set<String> OBSERVABILITY_PARTS = ObservedDrain.PARTS;
    static final String HEALTH_QUEUE = "bench-health";
    /** Timed reads of the health phase (after one untimed). */
    static final int HEALTH_READS = 20;
    private static final int WARMUP_SINGLE_JOBS = 10_000;
    private static final int WARMUP_DRAIN_JOBS = 100_000;
    private static final Duration DRAIN_LIMIT = Duration.ofMinutes(30);
    private static final Duration RETAIN = Duration.ofDays(30);

    private final BenchTarget target;
    private final BenchOptions options;
    private final PrintWriter progress;
    private final @Nullable RawBounds raw;
    private final @Nullable CommitCounter commits;
    private java.util.Set<String> flowControl = java.util.Set.of();
    private int flowRounds = 1;
    private Set<String> observability = Set.of();
    private double spanSampling = 1;
    private int observabilityRounds = 1;
    /** Ordinary drains run so far (the first included): how many completed jobs the drain queue holds. */
    private int ordinaryDrains = 1;
    private boolean healthRead;

    /** A benchmark of {@code target}; progress lines go to {@code progress}. */
    public Benchmark(BenchTarget target, BenchOptions options, PrintWriter progress) {
        this(options, progress, target, null);
    }

    /**
     * A benchmark of the PostgreSQL schema {@code target} that also measures each throughput phase's
     * bound on {@code raw}, a second fresh schema, which the caller closes like the first.
     */
    public Benchmark(BenchTarget.PostgresSchema target, BenchTarget.PostgresSchema raw, BenchOptions options,
                     PrintWriter progress) {
        this(options, progress, target, checkSeparate(target, raw));
    }

    private Benchmark(BenchOptions options, PrintWriter progress, BenchTarget target,
                      BenchTarget.@Nullable PostgresSchema raw) {
        this.target = target;
        this.options = options;
        this.progress = progress;
        this.raw = raw == null ? null : new RawBounds(raw, options, progress);
        this.commits = target instanceof BenchTarget.PostgresSchema schema ? new CommitCounter(schema) : null;
    }

    private static BenchTarget.PostgresSchema checkSeparate(BenchTarget.PostgresSchema target,
                                                            BenchTarget.PostgresSchema raw) {
        if (raw.schema().equals(target.schema())) {
            throw new IllegalArgumentException("the raw bounds need a schema of their own, not " + raw.schema());
        }
        return raw;
    }

    /** What {@link #withFlowControl} may configure. */
    public static final java.util.Set<String> FLOW_PARTS = java.util.Set.of("rate", "key", "breaker");

    /**
     * Adds a phase after the drain: the same drain by a node whose queue has some of a rate limit
     * ({@code rate}), a per-key concurrency limit with every job its own key ({@code key}) and a circuit
     * breaker ({@code breaker}) configured, none of which ever holds a job back: what flow control
     * costs when it is not needed.
     */
    public Benchmark withFlowControl(java.util.Set<String> parts) {
        return withFlowControl(parts, 1);
    }

    /**
     * {@link #withFlowControl(java.util.Set)}, and then {@code rounds - 1} more pairs of an ordinary drain
     * and a flow-control drain, each pair run back to back: on a machine whose load swings, each pair's
     * ratio compares runs made under the same load.
     */
    public Benchmark withFlowControl(java.util.Set<String> parts, int rounds) {
        if (parts.isEmpty() || !FLOW_PARTS.containsAll(parts)) {
            throw new IllegalArgumentException("flow control parts must be some of " + FLOW_PARTS + ", was " + parts);
        }
        if (rounds < 1 || rounds > 50) {
            throw new IllegalArgumentException("flow control rounds must be in [1, 50], was " + rounds);
        }
        this.flowControl = java.util.Set.copyOf(parts);
        this.flowRounds = rounds;
        return this;
    }

    /**
     * Adds a last phase: the same drain by a node with every optional observability feature on (see
     * {@link ObservedDrain}), to compare with the plain drain of the same run.
     */
    public Benchmark withObservability() {
        return withObservability(ObservedDrain.PARTS);
    }

    /** As {@link #withObservability()}, with only some of {@link #OBSERVABILITY_PARTS} switched on. */
    public Benchmark withObservability(Set<String> parts) {
        if (parts.isEmpty() || !OBSERVABILITY_PARTS.containsAll(parts)) {
            throw new IllegalArgumentException("observability parts are some of " + OBSERVABILITY_PARTS + ", was " + parts);
        }
        this.observability = Set.copyOf(parts);
        return this;
    }

    /**
     * With observability: {@code rounds - 1} more pairs of an ordinary drain and an observed one, back to
     * back, as {@link #withFlowControl(java.util.Set, int)} does for flow control.
     */
    public Benchmark withObservabilityRounds(int rounds) {
        if (rounds < 1 || rounds > 50) {
            throw new IllegalArgumentException("observability rounds must be in [1, 50], was " + rounds);
        }
        this.observabilityRounds = rounds;
        return this;
    }

    /** With spans observed: the share of jobs whose spans the SDK records, in (0, 1]; 1 unless set. */
    public Benchmark withSpanSampling(double ratio) {
        this.spanSampling = ObservedDrain.checkSampling(ratio);
        return this;
    }

    /**
     * Adds a very last phase: as many jobs as the drain left ready (in three priorities, never run) and
     * {@link #HEALTH_READS} timed reads of {@code queueHealth} on their queue, to show that a queue's
     * health costs reads of indexes and roll-ups, not of its backlog.
     */
    public Benchmark withHealthRead() {
        this.healthRead = true;
        return this;
    }

    /** Runs every phase and returns the figures. Does not close the targets. */
    public BenchReport run() throws InterruptedException {
        List<BenchReport.Phase> phases = new ArrayList<>();
        try {
            seedFinishedRows();
            warmUp();
            if (raw != null) {
                raw.prepare();
            }
            settleAfterWarmUp();
            // Each raw counterpart runs right after its store phase, so both see the same machine state.
            BenchReport.Phase single = singleEnqueue();
            phases.add(raw == null ? single : single.withBound(raw.singleInsert(), null, null));
            BenchReport.Phase bulk = bulkEnqueue();
            phases.add(raw == null ? bulk : bulk.withBound(raw.copy(), null, null));
            BenchReport.Phase drained = drain();
            if (raw != null) {
                RawDrain.Result best = raw.drain();
                drained = drained.withBound(best.jobsPerSecond(), best.transactionsPerJob(), best.cpu());
            }
            phases.add(drained);
            if (!flowControl.isEmpty()) {
                phases.add(flowDrain(1));
                for (int round = 2; round <= flowRounds; round++) {
                    phases.add(ordinaryDrainAgain());
                    phases.add(flowDrain(round));
                }
            }
            BenchReport.Phase pickup = pickupLatency(false);
            if (raw != null) {
                double[] bound = raw.pickup();
                pickup = pickup.withLatencyBound(bound[0], bound[1]);
            }
            phases.add(pickup);
            if (target instanceof BenchTarget.PostgresSchema) {
                phases.add(pickupLatency(true));
            }
            if (!observability.isEmpty()) {
                // Last: it installs the process-wide OpenTelemetry SDK, which no earlier phase must see
                // (each observed drain uninstalls it again, so the ordinary drains between rounds run without).
                phases.add(observedDrain(1));
                for (int round = 2; round <= observabilityRounds; round++) {
                    phases.add(ordinaryDrainAgain());
                    phases.add(observedDrain(round));
                }
            }
            if (healthRead) {
                phases.add(healthRead());
            }
        } catch (SQLException e) {
            // Only the raw phases speak JDBC here; the store reports its own failures.
            throw new IllegalStateException("raw bound failed: " + e.getMessage(), e);
        }
        return new BenchReport(target.engine(), target.location(), options,
                Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
                Runtime.getRuntime().availableProcessors(), phases);
    }

    private StevedoreBuilder builder(Store store) {
        return Stevedore.builder().store(store)
                .pollInterval(options.pollInterval())
                .retention(RETAIN, RETAIN)
                .handle(NoOp.class, (ctx, job) -> { });
    }

    /**
     * Seeds the target, and the raw twin if any, with the history before anything else runs on them, so the
     * store's phases and their raw counterparts run beside the same rows.
     */
    /** The warm-ups leave dead rows behind; vacuum them now rather than let autovacuum pick a timed phase. */
    private void settleAfterWarmUp() {
        say("settling the table after the warm-up (untimed)");
        FinishedRows maintenance = new FinishedRows(InstantSource.system(), progress);
        maintenance.settle(target);
        if (raw != null) {
            maintenance.settle(raw.target());
        }
    }

    private void seedFinishedRows() {
        int n = options.finishedRows();
        if (n == 0) {
            return;
        }
        FinishedRows history = new FinishedRows(InstantSource.system(), progress);
        history.seed(target, n);
        if (raw != null) {
            history.seed(raw.target(), n);
        }
    }

    /**
     * Runs every store path the timed phases use, untimed, until the JIT has compiled it: without this the
     * first timed drain spent about 40% of the JVM's CPU in the C2 compiler (measured with perf), which a
     * long-running worker pays once at start, not per job. The drain is done twice, each time by a new
     * node, because a node's first jobs take branches (empty per-node caches) that compiled code of an
     * earlier node has never seen: the first switch costs a deoptimisation and a recompilation, which
     * belongs in the warm-up and not in the timed drain's new node. Single enqueues are warmed five times
     * over (up to 10,000): measured in one JVM, the enqueue path ran about 12 % slower over calls
     * 2,000–7,000 than over calls 10,000–20,000.
     */
    private void warmUp() throws InterruptedException {
        int singles = (int) Math.min(5L * options.singleJobs(), WARMUP_SINGLE_JOBS);
        int bulk = Math.min(options.drainJobs(), WARMUP_DRAIN_JOBS);
        say("warming up: %d single and %d bulk enqueues, drained by two nodes in turn", singles, bulk);
        try (Stevedore node = builder(target.open()).build()) {
            for (int i = 0; i < singles; i++) {
                node.enqueue(new NoOp(i), o -> o.queue(WARMUP_QUEUE));
            }
            enqueueInChunks(node, WARMUP_QUEUE, bulk / 2);
        }
        drainQueue(WARMUP_QUEUE, singles + bulk / 2, singles + bulk / 2, b -> { });
        try (Stevedore node = builder(target.open()).build()) {
            enqueueInChunks(node, WARMUP_QUEUE, bulk - bulk / 2);
        }
        drainQueue(WARMUP_QUEUE, bulk - bulk / 2, singles + bulk, b -> { });
        if (!flowControl.isEmpty()) {
            // The flow-control drain takes paths (a limited claim, leases, tallies) the drains above never
            // do: warmed here, the first timed flow-control drain no longer pays their compilation.
            int flowJobs = bulk / 2;
            say("warming up flow control: %d bulk enqueues under %s, drained", flowJobs, new java.util.TreeSet<>(flowControl));
            StevedoreBuilder producer = builder(target.open());
            flowConfig(FLOW_WARMUP_QUEUE).accept(producer);
            try (Stevedore node = producer.build()) {
                enqueueInChunks(node, FLOW_WARMUP_QUEUE, flowJobs);
            }
            drainQueue(FLOW_WARMUP_QUEUE, flowJobs, flowJobs, flowConfig(FLOW_WARMUP_QUEUE));
        }
        if (!observability.isEmpty()) {
            // Likewise the observed drain's meters and spans: compiled here, not in the first observed round.
            int observedJobs = bulk / 2;
            say("warming up observability: %d bulk enqueues, drained with %s on", observedJobs,
                    new java.util.TreeSet<>(observability));
            try (Stevedore node = builder(target.open()).build()) {
                enqueueInChunks(node, OBSERVED_WARMUP_QUEUE, observedJobs);
            }
            try (ObservedDrain observed = ObservedDrain.start(observability, spanSampling)) {
                drainQueue(OBSERVED_WARMUP_QUEUE, observedJobs, observedJobs, observed::configure);
            }
        }
    }

    private BenchReport.Phase singleEnqueue() throws InterruptedException {
        int n = options.singleJobs();
        say("(a) single enqueue: %d jobs, one call each", n);
        try (Stevedore node = builder(target.open()).build()) {
            settle(node);
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                node.enqueue(new NoOp(i), o -> o.queue(SINGLE_QUEUE));
            }
            return BenchReport.Phase.throughput("single enqueue (sequential)", n, System.nanoTime() - start);
        }
    }

    private BenchReport.Phase bulkEnqueue() throws InterruptedException {
        int n = options.drainJobs();
        say("(b) bulk enqueue: %d jobs, enqueueMany in chunks of %d", n, options.bulkChunk());
        try (Stevedore node = builder(target.open()).build()) {
            settle(node);
            long start = System.nanoTime();
            enqueueInChunks(node, DRAIN_QUEUE, n);
            return BenchReport.Phase.throughput("bulk enqueue (enqueueMany, chunks of " + options.bulkChunk() + ")", n,
                    System.nanoTime() - start);
        }
    }

    /**
     * Brings a just-built node to the state of an application that has been running a while: a few
     * untimed enqueues, then a pause. A new store opens its connection pool, which then fills itself
     * in the background (a PostgreSQL backend started per connection) and prepares its statements per
     * connection; measured without this, the timed enqueues paid for that start-up, which the raw
     * bound's one already-open connection never does.
     */
    private static void settle(Stevedore node) throws InterruptedException {
        for (int i = 0; i < SETTLE_ENQUEUES; i++) {
            node.enqueue(new NoOp(i), o -> o.queue(SETTLE_QUEUE));
        }
        Thread.sleep(SETTLE_PAUSE_MS);
    }

    private void enqueueInChunks(Stevedore node, String queue, int n) {
        int chunk = options.bulkChunk();
        for (int from = 0; from < n; from += chunk) {
            List<NoOp> jobs = IntStream.range(from, Math.min(n, from + chunk)).mapToObj(NoOp::new).toList();
            node.enqueueMany(jobs, o -> o.queue(queue));
        }
    }

    private BenchReport.Phase drain() throws InterruptedException {
        int n = options.drainJobs();
        say("(c) drain: %d no-op jobs, one node, concurrency %d", n, options.concurrency());
        if (commits == null) {
            return drainOnce(n);
        }
        // Read with every earlier store closed, and again once this one is (see CommitCounter).
        long before = commits.settled();
        BenchReport.Phase phase = drainOnce(n);
        double perJob = CommitCounter.perJob(before, commits.settled(), n);
        say("    %.4f transactions committed per job (pg_stat_database, database-wide)", perJob);
        return phase.withTransactionsPerJob(perJob);
    }

    private BenchReport.Phase drainOnce(int n) throws InterruptedException {
        return BenchReport.Phase.drain("drain (1 node, concurrency " + options.concurrency() + ")", n,
                timedDrain(DRAIN_QUEUE, n, n, b -> { }));
    }

    private BenchReport.Phase flowDrain(int round) throws InterruptedException {
        int n = options.drainJobs();
        say("(c2) drain with flow control configured, never triggered: %d no-op jobs under %s (rate: 1,000,000/s;"
                + " key: a concurrency limit of 1 per job's own key; breaker: opens after 1,000 failures)", n,
                new java.util.TreeSet<>(flowControl));
        Consumer<StevedoreBuilder> flow = flowConfig(FLOW_QUEUE);
        // The enqueuing node knows the limits too, as an application's nodes share their configuration:
        // it stores each job's concurrency key with the job.
        StevedoreBuilder producer = builder(target.open());
        flow.accept(producer);
        try (Stevedore node = producer.build()) {
            enqueueInChunks(node, FLOW_QUEUE, n);
        }
        return BenchReport.Phase.drain("drain, " + String.join("+", new java.util.TreeSet<>(flowControl))
                + " configured" + (round == 1 ? "" : " (round " + round + ")"), n,
                timedDrain(FLOW_QUEUE, n, (long) n * round, flow));
    }

    /** The flow control the flow-control drain configures, on {@code queue}: see {@link #withFlowControl}. */
    private Consumer<StevedoreBuilder> flowConfig(String queue) {
        return b -> {
            if (flowControl.contains("rate")) {
                b.limit("bench-rate", l -> l.queue(queue).rate(1_000_000, Duration.ofSeconds(1)));
            }
            if (flowControl.contains("key")) {
                b.limit("bench-per-key", l -> l.queue(queue).byArgs("n").concurrency(1));
            }
            if (flowControl.contains("breaker")) {
                b.breaker("bench-breaker", br -> br.queue(queue).openAfter(1_000, Duration.ofMinutes(1)));
            }
        };
    }

    /** One more ordinary drain, to pair with the next round of a compared drain. */
    private BenchReport.Phase ordinaryDrainAgain() throws InterruptedException {
        int n = options.drainJobs();
        int round = ++ordinaryDrains;
        try (Stevedore node = builder(target.open()).build()) {
            enqueueInChunks(node, DRAIN_QUEUE, n);
        }
        say("(c) drain, round %d: %d no-op jobs, one node, concurrency %d", round, n, options.concurrency());
        return BenchReport.Phase.drain("drain (round " + round + ")", n,
                timedDrain(DRAIN_QUEUE, n, (long) n * round, b -> { }));
    }

    private BenchReport.Phase observedDrain(int round) throws InterruptedException {
        int n = options.drainJobs();
        say("(e) drain with observability on (%s): %d no-op jobs; %s%s", String.join(",", new java.util.TreeSet<>(observability)),
                n, ObservedDrain.DESCRIPTION, spanSampling < 1 && observability.contains("spans")
                        ? String.format("; spans sampled: %s of jobs", spanSampling) : "");
        try (Stevedore node = builder(target.open()).build()) {
            enqueueInChunks(node, OBSERVED_QUEUE, n);
        }
        ObservedDrain observed = ObservedDrain.start(observability, spanSampling);
        Drained drained;
        try (observed) {
            drained = timedDrain(OBSERVED_QUEUE, n, (long) n * round, observed::configure);
        }
        say("    %s", observed.summary());
        String name = observability.equals(OBSERVABILITY_PARTS) ? "drain, observability on"
                : "drain, " + String.join("+", new java.util.TreeSet<>(observability)) + " on";
        return BenchReport.Phase.drain(round == 1 ? name : name + " (round " + round + ")", n, drained);
    }

    private BenchReport.Phase healthRead() {
        int n = options.drainJobs();
        say("(f) queue health read: %d ready jobs in three priorities, %d reads of queueHealth", n, HEALTH_READS);
        try (Stevedore node = builder(target.open()).build()) {
            int chunk = options.bulkChunk();
            for (int from = 0; from < n; from += chunk) {
                int priority = from / chunk % 3;
                node.enqueueMany(IntStream.range(from, Math.min(n, from + chunk)).mapToObj(NoOp::new).toList(),
                        o -> o.queue(HEALTH_QUEUE).priority(priority));
            }
            node.queueHealth(HEALTH_QUEUE);
            double[] millis = new double[HEALTH_READS];
            long start = System.nanoTime();
            for (int i = 0; i < HEALTH_READS; i++) {
                long before = System.nanoTime();
                node.queueHealth(HEALTH_QUEUE);
                millis[i] = (System.nanoTime() - before) / 1e6;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(millis);
            return BenchReport.Phase.latency("queue health read (" + n + " ready jobs, " + HEALTH_READS + " reads)", n,
                    seconds, percentile(millis, 50), percentile(millis, 99), millis[HEALTH_READS - 1]);
        }
    }

    /**
     * A timed drain. When drains are compared in pairs (flow control, observability), each starts from a
     * settled table (vacuumed, analysed, checkpointed: untimed), so that neither inherits the other's
     * dead rows: on a server with autovacuum off the node's own upkeep then vacuumed during whichever
     * drain came second, and with it on autovacuum would.
     */
    private Drained timedDrain(String queue, int n, long storedAfter, Consumer<StevedoreBuilder> extra)
            throws InterruptedException {
        if (!flowControl.isEmpty() || !observability.isEmpty()) {
            new FinishedRows(InstantSource.system(), progress).settle(target);
        }
        return drainQueue(queue, n, storedAfter, extra);
    }

    /** A drain's wall-clock time, and the processor time it took per job (null where unknown). */
    record Drained(long nanos, BenchReport.@Nullable Cpu cpu) {}

    /**
     * Starts one node on {@code queue} and returns how long it took to complete {@code n} jobs; then checks
     * that the queue holds {@code storedAfter} completed jobs in all.
     */
    private Drained drainQueue(String queue, int n, long storedAfter, Consumer<StevedoreBuilder> extra)
            throws InterruptedException {
        CountDownLatch completed = new CountDownLatch(n);
        // Jobs flow control held back (snoozed: claimed, then put back to run later): each costs a claim and
        // a write more, and a drain that holds many back ends later.
        java.util.concurrent.atomic.AtomicLong heldBack = new java.util.concurrent.atomic.AtomicLong();
        Store store = target.open();
        StevedoreBuilder builder = builder(store);
        extra.accept(builder);
        try (Stevedore node = builder
                .queue(queue, q -> q.concurrency(options.concurrency()))
                .listener(event -> {
                    if (event.type() == JobEvent.Type.COMPLETED) {
                        completed.countDown();
                    } else if (event.type() == JobEvent.Type.SNOOZED) {
                        heldBack.incrementAndGet();
                    }
                })
                .build()) {
            CpuClock.Reading cpuAtStart = CpuClock.now();
            long start = System.nanoTime();
            node.start();
            long nextReport = start + TimeUnit.SECONDS.toNanos(10);
            while (!completed.await(1, TimeUnit.SECONDS)) {
                long now = System.nanoTime();
                if (now - start > DRAIN_LIMIT.toNanos()) {
                    throw new IllegalStateException("drain did not finish within " + DRAIN_LIMIT + ": "
                            + completed.getCount() + " of " + n + " jobs left");
                }
                if (now >= nextReport) {
                    say("    %d of %d done after %.0f s", n - completed.getCount(), n, (now - start) / 1e9);
                    nextReport += TimeUnit.SECONDS.toNanos(10);
                }
            }
            long elapsed = System.nanoTime() - start;
            BenchReport.Cpu cpu = CpuClock.between(cpuAtStart, CpuClock.now(), n);
            if (heldBack.get() > 0) {
                say("    %d times a job was held back by flow control and put back to run later", heldBack.get());
            }
            long stored = completedIn(store, queue);
            if (stored != storedAfter) {
                throw new IllegalStateException("drain reported " + n + " completions but the store holds " + stored
                        + " completed jobs in " + queue + ", expected " + storedAfter);
            }
            return new Drained(elapsed, cpu);
        }
    }

    /**
     * Jobs enqueued one at a time to an idle node: by the node itself ({@code fromAnotherClient} false,
     * as an application that also works), or through a second store with its own pool, as another
     * process would (the wake-up then travels by the database's notification).
     */
    private BenchReport.Phase pickupLatency(boolean fromAnotherClient) throws InterruptedException {
        int n = options.latencyJobs();
        say("(d) pickup latency: %d jobs enqueued %d ms apart to an idle node%s", n, options.latencyGap().toMillis(),
                fromAnotherClient ? ", by another client" : "");
        long[] enqueuedAt = new long[n];
        long[] returnedAt = new long[n];
        long[] startedAt = new long[n];
        CountDownLatch started = new CountDownLatch(n);
        try (Stevedore node = builder(target.open())
                .handle(Probe.class, (ctx, job) -> {
                    startedAt[job.seq()] = System.nanoTime();
                    started.countDown();
                })
                .queue(LATENCY_QUEUE, q -> q.concurrency(LATENCY_CONCURRENCY))
                .build();
             Stevedore client = fromAnotherClient ? builder(target.open()).build() : null) {
            Stevedore enqueuer = client != null ? client : node;
            node.start();
            // Let the node settle into its idle state (registered, leader elected, waiting for work).
            Thread.sleep(Math.max(1000, options.pollInterval().toMillis() * 2));
            long gap = options.latencyGap().toNanos();
            long next = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long now = System.nanoTime();
                if (next > now) {
                    LockSupport.parkNanos(next - now);
                }
                enqueuedAt[i] = System.nanoTime();
                enqueuer.enqueue(new Probe(i), o -> o.queue(LATENCY_QUEUE));
                returnedAt[i] = System.nanoTime();
                next += gap;
            }
            long wait = Math.max(30_000, options.pollInterval().toMillis() * 10);
            if (!started.await(wait, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(started.getCount() + " of " + n + " probe jobs did not start within " + wait + " ms");
            }
            // The handler's write to startedAt happens-before its countDown, which happens-before await returns.
            double[] latencies = new double[n];
            for (int i = 0; i < n; i++) {
                latencies[i] = (startedAt[i] - enqueuedAt[i]) / 1e6;
            }
            Arrays.sort(latencies);
            // Where the time goes: the enqueue call (its insert and commit), then the rest (wake-up,
            // claim and its commit, the handler's start). A job may start before its enqueue call returns.
            double[] enqueueCalls = new double[n];
            double[] afterReturn = new double[n];
            for (int i = 0; i < n; i++) {
                enqueueCalls[i] = (returnedAt[i] - enqueuedAt[i]) / 1e6;
                afterReturn[i] = (startedAt[i] - returnedAt[i]) / 1e6;
            }
            Arrays.sort(enqueueCalls);
            Arrays.sort(afterReturn);
            say("    of which the enqueue call: p50 %.2f ms, p99 %.2f ms; from its return to the start: p50 %.2f ms, p99 %.2f ms",
                    percentile(enqueueCalls, 50), percentile(enqueueCalls, 99), percentile(afterReturn, 50), percentile(afterReturn, 99));
            double seconds = (System.nanoTime() - enqueuedAt[0]) / 1e9;
            return BenchReport.Phase.latency("pickup latency (" + (fromAnotherClient ? "another client, " : "idle node, ")
                            + options.latencyGap().toMillis() + " ms apart)",
                    n, seconds, percentile(latencies, 50), percentile(latencies, 99), latencies[n - 1]);
        }
    }

    /** The nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /**
     * The completed jobs of {@code queue}, counted one by one (untimed): {@code queueCounts()} may estimate
     * finished states on a large PostgreSQL table, and the check must be exact.
     */
    private static long completedIn(Store store, String queue) {
        long[] completed = {0};
        MatchingJobs.forEachPage(store, new JobFilter(Set.of(JobState.COMPLETED), queue, null, null, 1), Integer.MAX_VALUE,
                page -> completed[0] += page.size());
        return completed[0];
    }

    private void say(String format, Object... args) {
        progress.printf(format + "%n", args);
        progress.flush();
    }
}
