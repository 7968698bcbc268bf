package dev.stevedore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.BreakerChange;
import dev.stevedore.BreakerState;
import dev.stevedore.Job;
import dev.stevedore.JobKind;
import dev.stevedore.JobState;
import dev.stevedore.Outcome;
import dev.stevedore.Stevedore;
import dev.stevedore.StevedoreBuilder;
import dev.stevedore.spi.Store;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Limits and breakers end to end: real nodes (two of them, on two store instances, where it matters)
 * claiming real jobs, with the handlers recording what they saw.
 */
public abstract class FlowRuntimeContract {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @JobKind("tck.flow.call")
    public record Call(String account, int n) {}

    @JobKind("tck.flow.hold")
    public record Hold(int n) {}

    private StoreFixture fixture;
    private final List<Stevedore> nodes = new ArrayList<>();
    private final List<Store> extraStores = new ArrayList<>();

    /** A fresh, migrated, isolated store for each test. */
    protected abstract StoreFixture createFixture();

    @BeforeEach
    void setUp() {
        fixture = createFixture();
    }

    @AfterEach
    void tearDown() {
        nodes.forEach(Stevedore::stop);
        nodes.clear();
        extraStores.forEach(Store::close);
        fixture.close();
    }

    /** Starts a node on the fixture's store (first) or a second store instance (later ones), with fast timings. */
    private Stevedore node(Consumer<StevedoreBuilder> config) {
        Store store = nodes.isEmpty() ? fixture.store() : fixture.secondStore();
        if (!nodes.isEmpty()) {
            extraStores.add(store);
        }
        StevedoreBuilder builder = Stevedore.builder().store(store)
                .pollInterval(Duration.ofMillis(50)).stageInterval(Duration.ofMillis(20))
                .heartbeat(Duration.ofMillis(200), Duration.ofSeconds(5));
        config.accept(builder);
        Stevedore node = builder.build();
        node.start();
        nodes.add(node);
        return node;
    }

    private static List<Long> ids(Stevedore node, List<Call> calls) {
        return node.enqueueMany(calls, o -> o.queue("calls").maxAttempts(2)).stream().map(e -> e.id()).toList();
    }

    private static void awaitCompleted(Stevedore node, List<Long> ids) {
        await().atMost(WAIT).until(() -> ids.stream().allMatch(id -> node.job(id).orElseThrow().state() == JobState.COMPLETED));
    }

    @Test
    void aPerKeyMutexHoldsAcrossTwoNodesWhileOtherKeysRunBesideIt() {
        Map<String, AtomicInteger> runningPerAccount = new ConcurrentHashMap<>();
        Map<String, Integer> maxPerAccount = new ConcurrentHashMap<>();
        AtomicInteger runningAll = new AtomicInteger();
        AtomicInteger maxAll = new AtomicInteger();
        Consumer<StevedoreBuilder> config = b -> b
                .queue("calls", q -> q.concurrency(4))
                .limit("export", l -> l.kinds(Call.class).byArgs("account").concurrency(1))
                .handle(Call.class, (ctx, call) -> {
                    int mine = runningPerAccount.computeIfAbsent(call.account(), a -> new AtomicInteger()).incrementAndGet();
                    maxPerAccount.merge(call.account(), mine, Math::max);
                    maxAll.accumulateAndGet(runningAll.incrementAndGet(), Math::max);
                    Thread.sleep(120);
                    runningAll.decrementAndGet();
                    runningPerAccount.get(call.account()).decrementAndGet();
                });
        Stevedore first = node(config);
        node(config);
        List<Call> calls = new ArrayList<>();
        for (String account : List.of("a", "b", "c")) {
            IntStream.range(0, 3).forEach(i -> calls.add(new Call(account, i)));
        }

        List<Long> ids = ids(first, calls);

        awaitCompleted(first, ids);
        assertThat(maxPerAccount).containsOnlyKeys("a", "b", "c").allSatisfy((account, max) -> assertThat(max).isEqualTo(1));
        assertThat(maxAll.get()).as("different accounts ran at the same time").isGreaterThan(1);
        // Waiting for the mutex used no attempt: nothing failed, and every job is still within its two attempts.
        for (long id : ids) {
            Job job = first.job(id).orElseThrow();
            assertThat(job.errors()).isEmpty();
            assertThat(job.attempt()).isLessThanOrEqualTo(job.maxAttempts());
        }
    }

    /** Start and end of every execution, per account, for checking that a mutex never overlapped. */
    private static final class Executions {
        final Map<String, List<long[]>> perAccount = new ConcurrentHashMap<>();

        void record(String account, long start, long end) {
            perAccount.computeIfAbsent(account, a -> new CopyOnWriteArrayList<>()).add(new long[] {start, end});
        }

        /** Pairs of executions of one account that overlapped in time. */
        List<String> overlaps() {
            List<String> overlaps = new ArrayList<>();
            perAccount.forEach((account, runs) -> {
                List<long[]> sorted = new ArrayList<>(runs);
                sorted.sort((a, b) -> Long.compare(a[0], b[0]));
                for (int i = 1; i < sorted.size(); i++) {
                    if (sorted.get(i)[0] < sorted.get(i - 1)[1]) {
                        overlaps.add(account + " #" + (i - 1) + "/#" + i);
                    }
                }
            });
            return overlaps;
        }
    }

    private static Consumer<StevedoreBuilder> mutexPerAccount(Executions executions) {
        return b -> b
                .queue("calls", q -> q.concurrency(8))
                .limit("export", l -> l.kinds(Call.class).byArgs("account").concurrency(1))
                .handle(Call.class, (ctx, call) -> {
                    long start = System.nanoTime();
                    Thread.sleep(40);
                    executions.record(call.account(), start, System.nanoTime());
                });
    }

    @Test
    void twoNodesRacingOnOneMutexKeyNeverRunTwoOfItsJobsAtOnce() {
        Executions executions = new Executions();
        Stevedore first = node(mutexPerAccount(executions));
        node(mutexPerAccount(executions));
        // Enqueued while both nodes poll: their claims race for the same key.
        List<Long> ids = ids(first, IntStream.range(0, 6).mapToObj(i -> new Call("hot", i)).toList());

        awaitCompleted(first, ids);
        assertThat(executions.perAccount.get("hot")).hasSize(6);
        assertThat(executions.overlaps()).isEmpty();
        assertThat(ids).allSatisfy(id -> assertThat(first.job(id).orElseThrow().errors()).isEmpty());
    }

    @Test
    void aJobEnqueuedByAProducerThatDoesNotKnowTheLimitIsStillLimited() {
        Executions executions = new Executions();
        Stevedore worker = node(mutexPerAccount(executions));
        // A producer without the limit (another service, an older release): its jobs carry no key.
        Store producerStore = fixture.secondStore();
        extraStores.add(producerStore);
        Stevedore producer = Stevedore.builder().store(producerStore).build();
        nodes.add(producer);
        List<Long> unaware = producer.enqueueMany(List.of(new Call("x", 1), new Call("x", 2), new Call("x", 3)),
                o -> o.queue("calls")).stream().map(e -> e.id()).toList();
        List<Long> aware = ids(worker, List.of(new Call("x", 4), new Call("x", 5)));

        awaitCompleted(worker, unaware);
        awaitCompleted(worker, aware);
        assertThat(executions.perAccount.get("x")).hasSize(5);
        assertThat(executions.overlaps()).isEmpty();
    }

    @Test
    void aRateIsNeverExceededInAnyWindowAcrossTwoNodes() {
        List<Instant> starts = new CopyOnWriteArrayList<>();
        Consumer<StevedoreBuilder> config = b -> b
                .queue("calls", q -> q.concurrency(10))
                .limit("api", l -> l.queue("calls").rate(3, Duration.ofSeconds(1)))
                .handle(Call.class, (ctx, call) -> starts.add(Instant.now()));
        Stevedore first = node(config);
        node(config);

        List<Long> ids = ids(first, IntStream.range(0, 9).mapToObj(i -> new Call("x", i)).toList());

        awaitCompleted(first, ids);
        List<Instant> sorted = new ArrayList<>(starts);
        Collections.sort(sorted);
        assertThat(sorted).hasSize(9);
        for (int i = 0; i + 3 < sorted.size(); i++) {
            // Any 4 consecutive starts span at least the period (less a little clock jitter between nodes).
            assertThat(Duration.between(sorted.get(i), sorted.get(i + 3))).isGreaterThan(Duration.ofMillis(950));
        }
        assertThat(ids).allSatisfy(id -> assertThat(first.job(id).orElseThrow().errors()).isEmpty());
    }

    @Test
    void aRateHoldsWhenABurstFollowsQuietSpellsThatLeftLeasedTokensUnused() throws InterruptedException {
        List<Instant> starts = new CopyOnWriteArrayList<>();
        Stevedore node = node(b -> b
                .queue("calls", q -> q.concurrency(30))
                .limit("api", l -> l.queue("calls").rate(10, Duration.ofSeconds(1)))
                .handle(Call.class, (ctx, call) -> starts.add(Instant.now())));

        // A few jobs, then one more a moment later: the node asks for more tokens than that one needs
        // (as much as its last lease was used for) and is left holding some it did not use.
        awaitCompleted(node, ids(node, IntStream.range(0, 3).mapToObj(i -> new Call("x", i)).toList()));
        Thread.sleep(250);
        awaitCompleted(node, ids(node, List.of(new Call("x", 3))));
        // Once the window has passed, a few jobs (no more than the tokens left over) and then a burst
        // larger than the rate: tokens left from the old lease must not add to the new window's.
        Thread.sleep(1200);
        awaitCompleted(node, ids(node, IntStream.range(0, 3).mapToObj(i -> new Call("x", 10 + i)).toList()));
        List<Long> burst = ids(node, IntStream.range(0, 13).mapToObj(i -> new Call("x", 20 + i)).toList());

        awaitCompleted(node, burst);
        List<Instant> sorted = new ArrayList<>(starts);
        Collections.sort(sorted);
        assertThat(sorted).hasSize(20);
        for (int i = 0; i + 10 < sorted.size(); i++) {
            assertThat(Duration.between(sorted.get(i), sorted.get(i + 10))).as("11 starts within a second from #" + i)
                    .isGreaterThan(Duration.ofMillis(950));
        }
    }

    @Test
    void aRatedJobClaimedAheadThatWaitedPastItsLeaseStartsOnANewLeaseWithoutBeingPutBack() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        List<String> seen = new CopyOnWriteArrayList<>();
        // One node-wide slot: the node keeps one job claimed ahead, so the rated job is admitted (its
        // token taken) while the slow job still holds the slot, and waits for it in the buffer, past the
        // end of its token's lease. Started on that token, it would be a start the window never counted;
        // the rate has room, so it takes a token of a new lease instead of being put back.
        Stevedore node = node(b -> b
                .nodeConcurrency(1)
                .queue("calls", q -> q.concurrency(1))
                .limit("api", l -> l.kinds(Call.class).rate(5, Duration.ofSeconds(1)))
                .handle(Hold.class, (ctx, hold) -> {
                    holding.countDown();
                    release.await();
                })
                .handle(Call.class, (ctx, call) -> seen.add("started"))
                .onEvent(event -> {
                    if (event instanceof dev.stevedore.JobEvent e && e.job().kind().equals("tck.flow.call")
                            && e.type() == dev.stevedore.JobEvent.Type.SNOOZED) {
                        seen.add("held back");
                    }
                }));
        node.enqueue(new Hold(1), o -> o.queue("calls"));
        assertThat(holding.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        long rated = node.enqueue(new Call("x", 1), o -> o.queue("calls").maxAttempts(3)).id();
        await().atMost(WAIT).until(() -> node.job(rated).orElseThrow().state() == JobState.RUNNING);
        // The lease of its token ends with the slot it was granted in (a tenth of the period).
        Thread.sleep(400);
        release.countDown();

        awaitCompleted(node, List.of(rated));
        assertThat(seen).as("started once, never put back").containsExactly("started");
        Job job = node.job(rated).orElseThrow();
        assertThat(job.attempt()).isEqualTo(1);
        assertThat(job.maxAttempts()).isEqualTo(3);
        assertThat(job.errors()).isEmpty();
    }

    @Test
    void aJobReportingRateLimitedUntilHoldsBackEveryJobOfItsKeyButNotOthers() {
        AtomicBoolean limitedOnce = new AtomicBoolean();
        Map<String, Instant> startedAt = new ConcurrentHashMap<>();
        Instant[] until = new Instant[1];
        Stevedore node = node(b -> b
                .queue("calls", q -> q.concurrency(1))
                .limit("api", l -> l.kinds(Call.class).byArgs("account").rate(100, Duration.ofSeconds(1)))
                .handle(Call.class, (ctx, call) -> {
                    if (call.n() == 0 && limitedOnce.compareAndSet(false, true)) {
                        until[0] = Instant.now().plusMillis(1500);
                        throw Outcome.rateLimitedUntil(until[0]);
                    }
                    startedAt.putIfAbsent(call.account() + call.n(), Instant.now());
                }));

        List<Long> first = ids(node, List.of(new Call("a", 0)));
        await().atMost(WAIT).until(limitedOnce::get);
        List<Long> rest = ids(node, List.of(new Call("a", 1), new Call("a", 2), new Call("b", 1)));

        awaitCompleted(node, rest);
        awaitCompleted(node, first);
        assertThat(startedAt.get("a0")).isAfterOrEqualTo(until[0]);
        assertThat(startedAt.get("a1")).isAfterOrEqualTo(until[0]);
        assertThat(startedAt.get("a2")).isAfterOrEqualTo(until[0]);
        assertThat(startedAt.get("b1")).as("another account is not held back").isBefore(until[0]);
        Job limited = node.job(first.get(0)).orElseThrow();
        assertThat(limited.errors()).as("rate limited is no failure").isEmpty();
    }

    @Test
    void aBreakerOpensOnTransientFailuresHoldsJobsWithoutAttemptsThenAProbeClosesIt() {
        AtomicBoolean down = new AtomicBoolean(true);
        AtomicInteger calls = new AtomicInteger();
        List<BreakerChange> changes = new CopyOnWriteArrayList<>();
        Stevedore node = node(b -> b
                .queue("calls", q -> q.concurrency(2))
                .breaker("dep", br -> br.kinds(Call.class).openAfter(3, Duration.ofMinutes(1)).coolDown(Duration.ofSeconds(3)))
                .onBreakerChange(changes::add)
                .handle(Call.class, (ctx, call) -> {
                    calls.incrementAndGet();
                    if (down.get()) {
                        throw new IOException("dependency down");
                    }
                }, k -> k.retry(dev.stevedore.RetryPolicy.fixed(Duration.ofMillis(100)))));

        List<Long> failing = node.enqueueMany(IntStream.range(0, 3).mapToObj(i -> new Call("x", i)).toList(),
                o -> o.queue("calls").maxAttempts(50)).stream().map(e -> e.id()).toList();
        await().atMost(WAIT).until(() -> node.breakers().stream()
                .anyMatch(s -> s.name().equals("dep") && s.status() == BreakerState.Status.OPEN));
        await().atMost(WAIT).until(() -> changes.stream().anyMatch(c -> c.to() == BreakerState.Status.OPEN));

        // While it is open, jobs wait instead of retrying every 100 ms: calls stop growing (once the node
        // has read the status, within its half-second refresh).
        await().pollDelay(Duration.ofMillis(700)).atMost(WAIT).until(() -> true);
        int callsWhenOpen = calls.get();
        List<Long> later = ids(node, List.of(new Call("y", 1), new Call("y", 2)));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> calls.get() == callsWhenOpen);
        down.set(false);

        awaitCompleted(node, later);
        awaitCompleted(node, failing);
        await().atMost(WAIT).until(() -> node.breakers().get(0).status() == BreakerState.Status.CLOSED);
        assertThat(changes).extracting(BreakerChange::to)
                .containsSubsequence(BreakerState.Status.OPEN, BreakerState.Status.HALF_OPEN, BreakerState.Status.CLOSED);
        // After the opening, the only calls made before the probe succeeded were the probe's.
        assertThat(calls.get() - callsWhenOpen).isLessThanOrEqualTo(later.size() + failing.size() + 1);
        for (long id : later) {
            assertThat(node.job(id).orElseThrow().errors()).as("held by the breaker, never failed").isEmpty();
        }
    }

    @Test
    void aFifoMutexStartsTheJobsOfAKeyInEnqueueOrderEvenWhenLaterOnesArriveWhileEarlierOnesSleep() {
        List<Integer> starts = new CopyOnWriteArrayList<>();
        Consumer<StevedoreBuilder> config = b -> b
                .queue("calls", q -> q.concurrency(4))
                .limit("serial", l -> l.kinds(Call.class).byArgs("account").concurrency(1).fifo())
                .handle(Call.class, (ctx, call) -> {
                    starts.add(call.n());
                    Thread.sleep(call.n() == 1 ? 1_500 : 50);
                });
        Stevedore first = node(config);
        node(config);

        List<Long> early = ids(first, List.of(new Call("a", 1), new Call("a", 2), new Call("a", 3)));
        // 2 and 3 are claimed (the nodes poll every 50 ms) and refused while 1 runs for 1.5 s, and sleep
        // until their next try, about a second later. Asserting on their states in between was timing-bound
        // on a loaded machine (each passes through available and running on every retry); the order of
        // the starts below is what the test is about.
        await().atMost(WAIT).until(() -> first.job(early.get(0)).orElseThrow().state() == JobState.COMPLETED);
        // These arrive while 2 and 3 (most likely) still sleep: without first-in-first-out they would start first.
        List<Long> late = ids(first, List.of(new Call("a", 4), new Call("a", 5)));

        awaitCompleted(first, early);
        awaitCompleted(first, late);
        assertThat(starts).containsExactly(1, 2, 3, 4, 5);
    }
}
