package dev.stevedore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.BatchOptions;
import dev.stevedore.BatchState;
import dev.stevedore.BatchStatus;
import dev.stevedore.EnqueuedBatch;
import dev.stevedore.JobContext;
import dev.stevedore.JobKind;
import dev.stevedore.RetryPolicy;
import dev.stevedore.Stevedore;
import dev.stevedore.spi.JobFilter;
import dev.stevedore.spi.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Batches and workflows end to end: nodes running the jobs, the completer taking the batch path, the
 * leader's sweep, and callbacks that run once however many nodes complete the last jobs. Waits on
 * conditions, never on sleeps.
 */
public abstract class BatchRuntimeContract {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @JobKind("tck.rt.work")
    public record Work(String key, String how) {}

    @JobKind("tck.rt.callback")
    public record Callback(String name) {}

    @JobKind("tck.rt.spawn")
    public record Spawn(String key, int children) {}

    /** A step that records when it ran. */
    @JobKind("tck.rt.step")
    public record Step(String name) {}

    private StoreFixture fixture;
    private final List<Stevedore> nodes = new ArrayList<>();
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    private final Map<String, String> callbackContext = new ConcurrentHashMap<>();
    private final List<String> stepLog = new CopyOnWriteArrayList<>();
    private final Map<String, Instant[]> stepTimes = new ConcurrentHashMap<>();
    private final AtomicReference<Stevedore> first = new AtomicReference<>();

    /** A fresh, migrated, isolated store for each test. */
    protected abstract StoreFixture createFixture();

    @BeforeEach
    void setUp() {
        fixture = createFixture();
    }

    @AfterEach
    void tearDown() {
        nodes.forEach(Stevedore::stop);
        fixture.close();
    }

    /**
     * Starts a node on {@code store} with the test handlers and fast timings, except the leader's batch
     * sweep, which runs as often as the stager: once a minute here, so that what the tests wait for
     * has to come from the completion path itself.
     */
    private Stevedore start(Store store) {
        return start(store, Duration.ofMinutes(1));
    }

    private Stevedore start(Store store, Duration stageInterval) {
        Stevedore node = FastTimings.builder(store)
                .stageInterval(stageInterval)
                .defaultRetry(RetryPolicy.fixed(Duration.ofMillis(10)))
                .handle(Work.class, (ctx, job) -> {
                    runs.computeIfAbsent(job.key(), k -> new AtomicInteger()).incrementAndGet();
                    if (job.how().equals("invalid")) {
                        throw new IllegalArgumentException("cannot work on " + job.key());
                    }
                })
                .handle(Callback.class, (ctx, job) -> {
                    BatchStatus batch = first.get().batch(ctx.batchId().getAsLong()).orElseThrow();
                    callbackContext.put(job.name(), ctx.metadata().get(BatchOptions.EVENT_KEY) + "|" + batch.state()
                            + "|" + batch.completed() + "/" + batch.total());
                    runs.computeIfAbsent(job.name(), k -> new AtomicInteger()).incrementAndGet(); // last: tests wait on it
                })
                .handle(Spawn.class, (ctx, job) -> {
                    List<Work> children = new ArrayList<>();
                    for (int i = 0; i < job.children(); i++) {
                        children.add(new Work(job.key() + "-child-" + i, "ok"));
                    }
                    first.get().enqueueInBatch(ctx.batchId().getAsLong(), children, o -> o.queue("work"));
                })
                .handle(Step.class, (ctx, job) -> {
                    Instant started = Instant.now();
                    stepLog.add(job.name());
                    Thread.sleep(20);
                    stepTimes.put(job.name(), new Instant[] {started, Instant.now()});
                })
                .queue("work", q -> q.concurrency(4))
                .queue("callbacks", q -> q.concurrency(2))
                .build();
        nodes.add(node);
        first.compareAndSet(null, node);
        node.start();
        return node;
    }

    private long callbackRows(String name) {
        return fixture.store().jobList(new JobFilter(Set.of(), null, "tck.rt.callback", null, 1000)).stream()
                .filter(j -> j.args().replace(" ", "").contains("\"name\":\"" + name + "\"")).count();
    }

    private int runsOf(String key) {
        AtomicInteger n = runs.get(key);
        return n == null ? 0 : n.get();
    }

    @Test
    void threeNodesCompletingOneBatchRunItsCallbacksOnce() {
        Stevedore a = start(fixture.store());
        start(fixture.secondStore());
        start(fixture.secondStore());
        int jobs = 150;
        EnqueuedBatch batch = a.enqueueBatch(b -> {
            b.onSuccess(new Callback("success"), o -> o.queue("callbacks"))
                    .onFailure(new Callback("failure"), o -> o.queue("callbacks"))
                    .onComplete(new Callback("complete"), o -> o.queue("callbacks"));
            for (int i = 0; i < jobs; i++) {
                b.add(new Work("w" + i, "ok"), o -> o.queue("work"));
            }
        });

        await().atMost(WAIT).until(() -> runsOf("success") == 1 && runsOf("complete") == 1);
        assertThat(a.batch(batch.id()).orElseThrow()).extracting(BatchStatus::state, BatchStatus::completed)
                .containsExactly(BatchState.SUCCEEDED, jobs);
        assertThat(callbackRows("success")).isEqualTo(1);
        assertThat(callbackRows("complete")).isEqualTo(1);
        assertThat(callbackRows("failure")).isZero();
        assertThat(callbackContext.get("success")).isEqualTo("success|SUCCEEDED|" + jobs + "/" + jobs);
        for (int i = 0; i < jobs; i++) {
            assertThat(runsOf("w" + i)).as("job w%d", i).isEqualTo(1);
        }
    }

    @Test
    void aDiscardedJobFailsTheBatchAndTheFailureCallbackSeesTheTally() {
        Stevedore node = start(fixture.store());
        EnqueuedBatch batch = node.enqueueBatch(b -> b
                .onSuccess(new Callback("success"), o -> o.queue("callbacks"))
                .onFailure(new Callback("failure"), o -> o.queue("callbacks"))
                .add(new Work("good", "ok"), o -> o.queue("work"))
                .add(new Work("bad", "invalid"), o -> o.queue("work")));
        await().atMost(WAIT).until(() -> runsOf("failure") == 1);
        assertThat(callbackContext.get("failure")).isEqualTo("failure|FAILED|1/2");
        assertThat(node.batch(batch.id()).orElseThrow().failed()).isEqualTo(1);
        assertThat(callbackRows("success")).isZero();
    }

    @Test
    void aJobAddsJobsToItsOwnBatchAndTheBatchWaitsForThem() {
        Stevedore node = start(fixture.store());
        EnqueuedBatch batch = node.enqueueBatch(b -> b
                .onComplete(new Callback("complete"), o -> o.queue("callbacks"))
                .add(new Spawn("s", 5), o -> o.queue("work")));
        await().atMost(WAIT).until(() -> runsOf("complete") == 1);
        for (int i = 0; i < 5; i++) {
            assertThat(runsOf("s-child-" + i)).isEqualTo(1);
        }
        assertThat(node.batch(batch.id()).orElseThrow()).extracting(BatchStatus::state, BatchStatus::total)
                .containsExactly(BatchState.SUCCEEDED, 6);
        assertThat(callbackContext.get("complete")).isEqualTo("complete|SUCCEEDED|6/6");
    }

    @Test
    void cancellingTheLastJobOfABatchFinishesIt() {
        Stevedore node = start(fixture.store());
        EnqueuedBatch batch = node.enqueueBatch(b -> b
                .onFailure(new Callback("failure"), o -> o.queue("callbacks"))
                .add(new Work("later", "ok"), o -> o.queue("work").in(Duration.ofHours(1))));
        node.cancel(batch.jobIds().get(0));
        await().atMost(WAIT).until(() -> runsOf("failure") == 1);
        assertThat(callbackContext.get("failure")).isEqualTo("failure|FAILED|0/1");
    }

    @Test
    void aJobRescuedFromADeadNodeIntoAFinalStateFailsItsBatch() {
        Store store = fixture.store();
        Stevedore enqueuer = Stevedore.builder().store(store).build();
        EnqueuedBatch batch = enqueuer.enqueueBatch(b -> b
                .onFailure(new Callback("failure"), o -> o.queue("callbacks"))
                .add(new Work("orphan", "ok"), o -> o.queue("orphans").maxAttempts(1)));
        // A node that beat once, took the job and died: it looks alive for rescueAfter (300 ms), so the
        // rescue comes after the leader's first sweep, and the next sweep is minutes away. A cancel was
        // asked for meanwhile, so the rescue makes it cancelled (a crash alone gives the attempt back and
        // retries it: see CrashQuarantineContract).
        store.nodeHeartbeat(new dev.stevedore.spi.NodeBeat("node-killed-9", "gone", 9, List.of("orphans"), 1));
        assertThat(store.jobClaim(new dev.stevedore.spi.ClaimRequest("orphans", "node-killed-9", 10))).hasSize(1);
        assertThat(store.jobCancel(batch.jobIds().get(0), "operator")).isPresent();
        start(store);
        await().atMost(WAIT).until(() -> runsOf("failure") == 1);
        assertThat(callbackContext.get("failure")).isEqualTo("failure|FAILED|0/1");
        assertThat(store.jobGet(batch.jobIds().get(0)).orElseThrow().state()).isEqualTo(dev.stevedore.JobState.CANCELLED);
    }

    @Test
    void theLeadersSweepFinishesABatchWhoseQueueWasCleared() {
        Stevedore node = start(fixture.store(), Duration.ofMillis(50));
        node.enqueueBatch(b -> b
                .onFailure(new Callback("failure"), o -> o.queue("callbacks"))
                .add(new Work("cleared", "ok"), o -> o.queue("idle")));
        assertThat(node.clearQueue("idle")).isEqualTo(1);
        await().atMost(WAIT).until(() -> runsOf("failure") == 1);
        assertThat(callbackContext.get("failure")).isEqualTo("failure|FAILED|0/1");
    }

    @Test
    void aWorkflowRunsEachStepAfterTheStepsItWaitsForOnTwoNodes() {
        Stevedore a = start(fixture.store());
        start(fixture.secondStore());
        EnqueuedBatch flow = a.enqueueBatch(w -> w
                .step("fetch", new Step("fetch"), s -> s.options(o -> o.queue("work")))
                .step("resize", new Step("resize"), s -> s.after("fetch").options(o -> o.queue("work")))
                .step("thumb", new Step("thumb"), s -> s.after("fetch").options(o -> o.queue("work")))
                .step("publish", new Step("publish"), s -> s.after("resize", "thumb").options(o -> o.queue("work")))
                .onSuccess(new Callback("published"), o -> o.queue("callbacks")));
        await().atMost(WAIT).until(() -> runsOf("published") == 1);
        assertThat(stepLog).hasSize(4).startsWith("fetch").endsWith("publish");
        assertThat(stepTimes.get("resize")[0]).isAfterOrEqualTo(stepTimes.get("fetch")[1]);
        assertThat(stepTimes.get("thumb")[0]).isAfterOrEqualTo(stepTimes.get("fetch")[1]);
        assertThat(stepTimes.get("publish")[0]).isAfterOrEqualTo(stepTimes.get("resize")[1])
                .isAfterOrEqualTo(stepTimes.get("thumb")[1]);
        assertThat(a.batch(flow.id()).orElseThrow().state()).isEqualTo(BatchState.SUCCEEDED);
    }
}
