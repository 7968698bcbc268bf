package dev.stevedore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.ErrorCategory;
import dev.stevedore.Job;
import dev.stevedore.JobEvent;
import dev.stevedore.JobKind;
import dev.stevedore.Enqueued;
import dev.stevedore.JobState;
import dev.stevedore.spi.QueueCount;
import dev.stevedore.Outcome;
import dev.stevedore.RetryPolicy;
import dev.stevedore.Stevedore;
import dev.stevedore.StevedoreBuilder;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * End-to-end behaviour of a node on a real store: what users see. Every store module subclasses this
 * next to {@link StoreContract}. Waits on conditions, never on sleeps.
 */
public abstract class RuntimeContract {
    /** Generous bound for anything asynchronous: failures show up as timeouts with a clear condition. */
    protected static final Duration WAIT = Duration.ofSeconds(20);

    @JobKind("tck.echo")
    public record Echo(String text) {}

    @JobKind("tck.flaky")
    public record Flaky(String key, int failures) {}

    @JobKind("tck.behave")
    public record Behave(String key, String how) {}

    @JobKind("tck.slow")
    public record Slow(String key, long millis, boolean ignoreInterrupt) {}

    private StoreFixture fixture;
    private Stevedore node;
    protected final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    protected final List<JobEvent> events = new CopyOnWriteArrayList<>();
    protected final Map<Long, String> seenContext = new ConcurrentHashMap<>();
    protected final Map<Long, java.time.Instant> seenStarts = new ConcurrentHashMap<>();
    protected final CountDownLatch releaseStuck = new CountDownLatch(1);

    /** A fresh, migrated, isolated store for each test. */
    protected abstract StoreFixture createFixture();

    @BeforeEach
    void setUpFixture() {
        fixture = createFixture();
    }

    @AfterEach
    void tearDown() {
        releaseStuck.countDown();
        if (node != null) {
            node.stop();
        }
        fixture.close();
    }

    /** A node on the fixture's store with fast timings, the test handlers, and extra configuration. */
    protected Stevedore startNode(Consumer<StevedoreBuilder> extra) {
        StevedoreBuilder builder = Stevedore.builder()
                .store(fixture.store())
                .pollInterval(Duration.ofMillis(50))
                .stageInterval(Duration.ofMillis(20))
                .heartbeat(Duration.ofMillis(100), Duration.ofMillis(300))
                .shutdownGrace(Duration.ofMillis(300))
                .interruptGrace(Duration.ofMillis(300))
                .defaultRetry(RetryPolicy.fixed(Duration.ofMillis(10)))
                .listener(events::add)
                .handle(Echo.class, (ctx, job) -> {
                    runs.computeIfAbsent(job.text(), k -> new AtomicInteger()).incrementAndGet();
                    seenContext.put(ctx.jobId(), ctx.kind() + "|" + ctx.queue() + "|" + ctx.attempt() + "|"
                            + ctx.tags() + "|" + ctx.metadata());
                    seenStarts.put(ctx.jobId(), ctx.startedAt());
                })
                .handle(Flaky.class, (ctx, job) -> {
                    int run = runs.computeIfAbsent(job.key(), k -> new AtomicInteger()).incrementAndGet();
                    if (run <= job.failures()) {
                        throw new IOException("flaky failure " + run);
                    }
                })
                .handle(Behave.class, (ctx, job) -> {
                    int run = runs.computeIfAbsent(job.key(), k -> new AtomicInteger()).incrementAndGet();
                    switch (job.how()) {
                        case "snooze-once" -> {
                            if (run == 1) throw Outcome.snooze(Duration.ofMillis(10));
                        }
                        case "cancel" -> throw Outcome.cancel("not wanted any more");
                        case "discard" -> throw Outcome.discard("cannot ever work");
                        case "permanent" -> throw new IllegalArgumentException("invalid email address");
                        case "auth-once" -> {
                            if (run == 1) throw new SecurityException("token expired");
                        }
                        case "missing" -> throw new java.util.NoSuchElementException("user 7 not found");
                        default -> throw new IllegalStateException("unknown behaviour " + job.how());
                    }
                })
                .handle(Slow.class, (ctx, job) -> {
                    runs.computeIfAbsent(job.key(), k -> new AtomicInteger()).incrementAndGet();
                    if (job.ignoreInterrupt()) {
                        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(job.millis());
                        while (System.nanoTime() < end && releaseStuck.getCount() > 0) {
                            Thread.onSpinWait();
                        }
                    } else {
                        Thread.sleep(job.millis());
                    }
                })
                .queue("default", q -> q.concurrency(8))
                .queue("other", q -> q.concurrency(2));
        extra.accept(builder);
        node = builder.build();
        node.start();
        return node;
    }

    protected Stevedore startNode() {
        return startNode(b -> {});
    }

    /** What the nested groups start their nodes with. */
    private final ContractNodes nodes = new ContractNodes() {
        @Override
        public Stevedore start(Consumer<StevedoreBuilder> extra) {
            return startNode(extra);
        }

        @Override
        public StoreFixture fixture() {
            return fixture;
        }
    };

    /** Pausing, resuming and clearing queues. */
    @Nested
    class QueuePauses extends PauseRuntimeContract {
        @Override
        protected ContractNodes nodes() {
            return nodes;
        }
    }

    /** Cancelling running jobs. */
    @Nested
    class RunningCancels extends CancelRuntimeContract {
        @Override
        protected ContractNodes nodes() {
            return nodes;
        }
    }

    /** Progress and output of running handlers. */
    @Nested
    class ProgressAndOutput extends ProgressRuntimeContract {
        @Override
        protected ContractNodes nodes() {
            return nodes;
        }
    }

    /** Step checkpoints: a step's writes and its record commit together. */
    @Nested
    class StepCheckpoints extends StepRuntimeContract {
        @Override
        protected ContractNodes nodes() {
            return nodes;
        }
    }

    /** Start deadlines, job deadlines, heartbeat and attempt timeouts. */
    @Nested
    class TimeLimits extends TimeoutRuntimeContract {
        @Override
        protected ContractNodes nodes() {
            return nodes;
        }
    }

    protected Job awaitState(long id, JobState state) {
        await().atMost(WAIT).until(() -> node.job(id).map(Job::state).orElse(null) == state);
        return node.job(id).orElseThrow();
    }

    protected StoreFixture fixture() {
        return fixture;
    }

    @Test
    void aJobRunsOnceAndCompletesWithItsContext() {
        startNode();
        java.time.Instant beforeEnqueue = java.time.Instant.now();
        long id = node.enqueue(new Echo("hello"), o -> o.queue("other").tags("greeting").meta("tenant", "acme")).id();
        Job job = awaitState(id, JobState.COMPLETED);
        assertThat(seenStarts.get(id)).as("the execution's start, on the node's (system) clock")
                .isBetween(beforeEnqueue, java.time.Instant.now());
        assertThat(runs.get("hello")).hasValue(1);
        assertThat(job.attempt()).isEqualTo(1);
        assertThat(job.finishedAt()).isNotNull();
        assertThat(seenContext.get(id)).isEqualTo("tck.echo|other|1|[greeting]|{tenant=acme}");
        await().atMost(WAIT).until(() -> events.stream().anyMatch(e -> e.type() == JobEvent.Type.COMPLETED && e.job().id() == id));
    }

    @Test
    void aFlakyJobRetriesWithBackoffThenSucceedsKeepingEveryError() {
        startNode();
        long id = node.enqueue(new Flaky("f", 2)).id();
        Job job = awaitState(id, JobState.COMPLETED);
        assertThat(job.attempt()).isEqualTo(3);
        assertThat(job.errors()).hasSize(2);
        assertThat(job.errors()).extracting(e -> e.attempt()).containsExactly(1, 2);
        assertThat(job.errors().get(0).errorClass()).isEqualTo("java.io.IOException");
        assertThat(job.errors().get(1).message()).isEqualTo("flaky failure 2");
        assertThat(job.errors().get(0).category()).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(job.errors().get(0).node()).isEqualTo(node.nodeId());
        assertThat(job.errorCategory()).isEqualTo(ErrorCategory.TRANSIENT);
    }

    @Test
    void aJobOutOfAttemptsIsDiscarded() {
        startNode();
        long id = node.enqueue(new Flaky("never", 99), o -> o.maxAttempts(3)).id();
        Job job = awaitState(id, JobState.DISCARDED);
        assertThat(job.attempt()).isEqualTo(3);
        assertThat(job.errors()).hasSize(3);
        assertThat(runs.get("never")).hasValue(3);
    }

    @Test
    void snoozeRunsAgainWithoutUsingAnAttempt() {
        startNode();
        long id = node.enqueue(new Behave("s", "snooze-once"), o -> o.maxAttempts(1)).id();
        Job job = awaitState(id, JobState.COMPLETED);
        assertThat(runs.get("s")).hasValue(2);
        assertThat(job.maxAttempts()).isEqualTo(2);
        assertThat(job.errors()).isEmpty();
    }

    @Test
    void handlersCancelAndDiscardExplicitly() {
        startNode();
        long cancelled = node.enqueue(new Behave("c", "cancel")).id();
        long discarded = node.enqueue(new Behave("d", "discard")).id();
        assertThat(awaitState(cancelled, JobState.CANCELLED).errors()).singleElement()
                .satisfies(e -> assertThat(e.message()).isEqualTo("not wanted any more"));
        assertThat(awaitState(discarded, JobState.DISCARDED).attempt()).isEqualTo(1);
    }

    @Test
    void errorCategoriesDecideTheAction() {
        startNode();
        long permanent = node.enqueue(new Behave("p", "permanent")).id();
        long missing = node.enqueue(new Behave("m", "missing")).id();
        long auth = node.enqueue(new Behave("a", "auth-once")).id();
        assertThat(awaitState(permanent, JobState.DISCARDED).errorCategory()).isEqualTo(ErrorCategory.PERMANENT);
        assertThat(awaitState(missing, JobState.DISCARDED).errorCategory()).isEqualTo(ErrorCategory.MISSING_RECORD);
        Job held = awaitState(auth, JobState.HELD);
        assertThat(held.errorCategory()).isEqualTo(ErrorCategory.AUTHENTICATION);
        assertThat(runs.get("a")).hasValue(1);
        // An operator fixes the credentials and retries: the job runs again and completes.
        assertThat(node.retry(auth)).get().extracting(Job::state).isEqualTo(JobState.AVAILABLE);
        awaitState(auth, JobState.COMPLETED);
        assertThat(runs.get("a")).hasValue(2);
    }

    @Test
    void aJobPastItsTimeoutIsInterruptedAndRetried() {
        startNode();
        long id = node.enqueue(new Slow("t", 60_000, false), o -> o.timeout(Duration.ofMillis(200)).maxAttempts(1)).id();
        Job job = awaitState(id, JobState.DISCARDED);
        assertThat(job.errorCategory()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(job.errors().get(0).duration()).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aJobIgnoringItsInterruptIsRecordedAsTimedOutAndItsSlotFreed() {
        startNode(b -> b.queue("single", q -> q.concurrency(1)));
        long stuck = node.enqueue(new Slow("stuck", 60_000, true), o -> o.queue("single").timeout(Duration.ofMillis(100)).maxAttempts(1)).id();
        Job job = awaitState(stuck, JobState.DISCARDED);
        assertThat(job.errors().get(0).category()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(job.errors().get(0).message()).contains("ignored the interrupt");
        long next = node.enqueue(new Echo("after-stuck"), o -> o.queue("single")).id();
        awaitState(next, JobState.COMPLETED);
    }

    @Test
    void delayedJobsWaitForTheirTime() {
        startNode();
        long id = node.enqueue(new Echo("later"), o -> o.in(Duration.ofMillis(400))).id();
        Job scheduled = node.job(id).orElseThrow();
        assertThat(scheduled.state()).isEqualTo(JobState.SCHEDULED);
        Job done = awaitState(id, JobState.COMPLETED);
        assertThat(Duration.between(done.createdAt(), done.attemptedAt())).isGreaterThanOrEqualTo(Duration.ofMillis(390));
    }

    @Test
    void bulkEnqueuedJobsAllRunExactlyOnce() {
        startNode();
        List<Echo> batch = IntStream.range(0, 1_000).mapToObj(i -> new Echo("bulk-" + i)).toList();
        List<Long> ids = node.enqueueMany(batch, o -> {}).stream().map(e -> e.id()).toList();
        assertThat(ids).doesNotHaveDuplicates().hasSize(1_000);
        await().atMost(WAIT).until(() -> IntStream.range(0, 1_000).allMatch(i -> runs.containsKey("bulk-" + i)));
        await().atMost(WAIT).until(() -> node.job(ids.get(999)).orElseThrow().state() == JobState.COMPLETED);
        assertThat(IntStream.range(0, 1_000).map(i -> runs.get("bulk-" + i).get()).max()).hasValue(1);
    }

    @Test
    void transactionalEnqueueExistsOnlyIfTheCallerCommits() throws SQLException {
        startNode();
        long rolledBack;
        long committed;
        try (Connection connection = fixture.connection()) {
            connection.setAutoCommit(false);
            rolledBack = node.enqueue(connection, new Echo("rolled-back"), o -> {}).id();
            connection.rollback();
            committed = node.enqueue(connection, new Echo("committed"), o -> {}).id();
            connection.commit();
        }
        awaitState(committed, JobState.COMPLETED);
        assertThat(node.job(rolledBack)).isEmpty();
        assertThat(runs).doesNotContainKey("rolled-back");
    }

    @Test
    void anUnknownKindIsHeldWithAClearErrorAndTheNodeKeepsWorking() throws SQLException {
        long id = insertRaw("kind.nobody.handles", "{\"a\":1}");
        startNode();
        Job held = awaitState(id, JobState.HELD);
        assertThat(held.errors().get(0).message()).contains("no handler for kind \"kind.nobody.handles\"");
        long ok = node.enqueue(new Echo("still-fine")).id();
        awaitState(ok, JobState.COMPLETED);
    }

    @Test
    void argsOfTheWrongShapeAreDiscardedAsPermanent() throws SQLException {
        long id = insertRaw("tck.slow", "{\"key\":\"x\",\"millis\":\"not a number\",\"ignoreInterrupt\":false}");
        startNode();
        Job job = awaitState(id, JobState.DISCARDED);
        assertThat(job.errorCategory()).isEqualTo(ErrorCategory.PERMANENT);
        assertThat(job.errors().get(0).message()).contains("do not decode as");
    }

    @Test
    void malformedJsonIsDiscardedWhereTheStoreCanHoldIt() throws SQLException {
        long id;
        try {
            id = insertRaw("tck.echo", "{not json");
        } catch (SQLException rejected) {
            // PostgreSQL's jsonb refuses malformed JSON at insert: the bad row cannot exist at all.
            assertThat(rejected.getMessage()).containsIgnoringCase("json");
            return;
        }
        startNode();
        assertThat(awaitState(id, JobState.DISCARDED).errors().get(0).message()).contains("do not decode");
    }

    @Test
    void jobsOfADeadNodeAreRescuedAndRunAgain() throws SQLException {
        long id = insertRaw("tck.echo", "{\"text\":\"orphan\"}");
        try (Connection c = fixture.connection();
             PreparedStatement ps = c.prepareStatement("UPDATE " + fixture.table("jobs")
                     + " SET state = 'running', attempt = 1, attempted_by = 'ghost-node' WHERE id = ?")) {
            ps.setLong(1, id);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        startNode();
        Job job = awaitState(id, JobState.COMPLETED);
        assertThat(job.attempt()).isEqualTo(2);
        assertThat(job.errors()).singleElement().satisfies(e -> {
            assertThat(e.errorClass()).isEqualTo("dev.stevedore.NodeLost");
            assertThat(e.message()).contains("ghost-node");
        });
        assertThat(runs.get("orphan")).hasValue(1);
    }

    @Test
    void aJobLeftRunningByAnEarlierProcessWithTheSameNodeIdCountsACrashAsTheNodeStarts() throws SQLException {
        // One job crashed a node once before (as the leader's rescue records it), then was claimed by the
        // process with the fixed id that is now gone.
        long crashedTwice = insertRaw("tck.echo", "{\"text\":\"crashed-twice\"}");
        assertThat(fixture.store().jobClaim(new dev.stevedore.spi.ClaimRequest("default", "ghost", 10)))
                .extracting(Job::id).containsExactly(crashedTwice);
        fixture.store().jobRescue(new dev.stevedore.spi.RescueRequest(Duration.ofSeconds(1), Duration.ZERO, "test", 10)
                .countingCrashes(new dev.stevedore.spi.CrashLimit(2, Duration.ofHours(1))));
        fixture.store().jobStage(10);
        assertThat(fixture.store().jobClaim(new dev.stevedore.spi.ClaimRequest("default", "fixed-node", 10)))
                .extracting(Job::id).containsExactly(crashedTwice);
        // Another was running there for the first time.
        long crashedOnce = insertRaw("tck.echo", "{\"text\":\"crashed-once\"}");
        assertThat(fixture.store().jobClaim(new dev.stevedore.spi.ClaimRequest("default", "fixed-node", 10)))
                .extracting(Job::id).containsExactly(crashedOnce);

        startNode(b -> b.nodeId("fixed-node").quarantineAfterCrashes(2, Duration.ofHours(1)));

        assertThat(awaitState(crashedOnce, JobState.COMPLETED).errors()).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("earlier process").contains("crash 1 of 2"));
        Job quarantined = awaitState(crashedTwice, JobState.HELD);
        assertThat(quarantined.quarantined()).isTrue();
        assertThat(quarantined.errors().get(quarantined.errors().size() - 1).message())
                .contains("quarantined after crashing its worker 2 time(s)");
        assertThat(runs.get("crashed-twice")).as("never run by this node").isNull();
    }

    @Test
    void gracefulStopHandsBackJobsThatOutliveTheGraceWithoutUsingAnAttempt() {
        startNode();
        long slow = node.enqueue(new Slow("long", 60_000, false), o -> o.maxAttempts(1)).id();
        awaitState(slow, JobState.RUNNING);
        node.stop();
        Job job = node.job(slow).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.AVAILABLE);
        assertThat(job.maxAttempts()).isEqualTo(2);
        assertThat(job.errors()).isEmpty();
        assertThat(fixture.store().nodeList()).noneMatch(n -> n.nodeId().equals(node.nodeId()));
    }

    @Test
    void jobsClaimedAheadAndNeverStartedAreHandedBackAtStop() {
        startNode();
        // Fast jobs first, so the queue's pace says a claim should fetch well ahead of free slots.
        node.enqueueMany(IntStream.range(0, 400).mapToObj(i -> new Echo("fast")).toList(), o -> { });
        await().atMost(WAIT).until(() -> runs.getOrDefault("fast", new AtomicInteger()).get() == 400);
        // Eight slow jobs fill the eight slots; the fast jobs behind them are claimed into the buffer.
        List<Long> slow = node.enqueueMany(IntStream.range(0, 8).mapToObj(i -> new Slow("slot", 60_000, false)).toList(),
                o -> { }).stream().map(Enqueued::id).toList();
        node.enqueueMany(IntStream.range(0, 200).mapToObj(i -> new Echo("behind")).toList(), o -> { });
        slow.forEach(id -> awaitState(id, JobState.RUNNING));
        await().atMost(WAIT).until(() -> runningIn("default") > 8);
        node.stop();

        assertThat(runningIn("default")).as("nothing stays running under a stopped node").isZero();
        assertThat(runs.get("behind")).as("claimed ahead, never started").isNull();
        assertThat(fixture.store().queueCounts()).filteredOn(c -> c.queue().equals("default")
                && c.state() == JobState.AVAILABLE).singleElement().extracting(QueueCount::count).isEqualTo(208L);
    }

    private long runningIn(String queue) {
        return fixture.store().queueCounts().stream()
                .filter(c -> c.queue().equals(queue) && c.state() == JobState.RUNNING)
                .mapToLong(QueueCount::count).sum();
    }

    @Test
    void operatorsCancelWaitingJobs() {
        startNode();
        long id = node.enqueue(new Echo("never"), o -> o.in(Duration.ofHours(1))).id();
        assertThat(node.cancel(id)).get().extracting(Job::state).isEqualTo(JobState.CANCELLED);
        assertThat(node.job(id).orElseThrow().finishedAt()).isNotNull();
    }

    @Test
    void theOnlyNodeBecomesLeader() {
        startNode();
        await().atMost(WAIT).until(() -> fixture.store().leaderGet().filter(node.nodeId()::equals).isPresent());
        assertThat(fixture.store().nodeList()).anyMatch(n -> n.nodeId().equals(node.nodeId())
                && Set.copyOf(n.queues()).contains("default"));
    }

    @Test
    void eachHeartbeatReportsTheNodesMemoryAndTheJobItHasRunLongest() {
        startNode();
        long slow = node.enqueue(new Slow("health", 3_000, false)).id();
        await().atMost(WAIT).until(() -> node.job(slow).orElseThrow().state() == JobState.RUNNING);
        long quick = node.enqueue(new Slow("health-2", 3_000, false)).id();
        await().atMost(WAIT).until(() -> fixture.store().nodeList().stream().anyMatch(n -> n.nodeId().equals(node.nodeId())
                && n.running() == 2));

        dev.stevedore.spi.NodeHealth health = fixture.store().nodeList().stream()
                .filter(n -> n.nodeId().equals(node.nodeId())).findFirst().orElseThrow().health();
        assertThat(health.heapUsed()).isPositive();
        assertThat(health.heapMax()).isGreaterThanOrEqualTo(health.heapUsed());
        if (java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/self/status"))) {
            assertThat(health.rss()).as("resident memory on Linux").isGreaterThan(16L << 20);
        }
        assertThat(health.oldestJobId()).as("the first of the two, not the later one").isEqualTo(slow).isNotEqualTo(quick);
        assertThat(health.oldestJobSince()).isBefore(Instant.now()).isAfter(Instant.now().minusSeconds(30));
    }

    /** Inserts a job row with plain SQL, as another program (or an attacker) might. */
    protected long insertRaw(String kind, String args) throws SQLException {
        try (Connection c = fixture.connection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + fixture.table("jobs")
                     + " (kind, queue, state, args) VALUES (?, 'default', 'available', " + argsParameter() + ")",
                     new String[] {"id"})) {
            ps.setString(1, kind);
            ps.setString(2, args);
            ps.executeUpdate();
            try (var keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** How the store's SQL casts a text parameter into its args column ({@code ?::jsonb} on PostgreSQL). */
    protected String argsParameter() {
        return "?";
    }
}
