package dev.stevedore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.stevedore.ErrorCategory;
import dev.stevedore.HealthComponent;
import dev.stevedore.JobKind;
import dev.stevedore.JobState;
import dev.stevedore.QueueHealth;
import dev.stevedore.StatsBucket;
import dev.stevedore.Stevedore;
import dev.stevedore.StevedoreBuilder;
import dev.stevedore.spi.BreakerReport;
import dev.stevedore.spi.BreakerRule;
import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.FailureCount;
import dev.stevedore.spi.FailureRecord;
import dev.stevedore.spi.NewJob;
import dev.stevedore.spi.NodeBeat;
import dev.stevedore.spi.NodeHealth;
import dev.stevedore.spi.QueueLoad;
import dev.stevedore.spi.QueueSample;
import dev.stevedore.spi.QueueSettings;
import dev.stevedore.spi.Store;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Queue health on a real store: the index-backed reads it is built from (oldest ready job, stuck jobs,
 * samples, failure counts, the nodes' queue settings), and the score a node computes from crafted data —
 * failures, stale ready jobs, a dead node with running jobs, an open breaker, a rising backlog, no node.
 */
public abstract class HealthContract {
    private static final Duration HOUR = Duration.ofHours(1);

    /** A job that fails with an authentication error when told to. */
    @JobKind("tck.health.send")
    public record Send(boolean rejected) {}

    private StoreFixture fixture;
    private Store store;
    private final List<Stevedore> nodes = new ArrayList<>();

    /** A fresh, migrated, isolated store for each test. */
    protected abstract StoreFixture createFixture();

    @BeforeEach
    void setUp() {
        fixture = createFixture();
        store = fixture.store();
    }

    @AfterEach
    void tearDown() {
        nodes.forEach(Stevedore::close);
        fixture.close();
    }

    private static NewJob readySince(String queue, int priority, Instant dueAt) {
        return new NewJob(ContractJobs.KIND, queue, "{}", priority, 3, JobState.AVAILABLE, dueAt, Duration.ZERO, null,
                List.of(), Map.of());
    }

    private static NewJob withTimeout(String queue, Duration timeout) {
        return new NewJob(ContractJobs.KIND, queue, "{}", 0, 3, JobState.AVAILABLE, null, Duration.ZERO, timeout,
                List.of(), Map.of());
    }

    private void beat(String nodeId, String queue, QueueSettings settings) {
        store.nodeHeartbeat(new NodeBeat(nodeId, "host", 1, List.of(queue), 0, NodeHealth.UNKNOWN, Map.of(queue, settings)));
    }

    /** An unstarted node on a second store instance: it reads what the test wrote, as the CLI's node does. */
    private Stevedore node(Consumer<StevedoreBuilder> config) {
        StevedoreBuilder builder = Stevedore.builder().store(fixture.secondStore());
        config.accept(builder);
        Stevedore node = builder.build();
        nodes.add(node);
        return node;
    }

    // ---- the store's reads ------------------------------------------------------------------------

    @Test
    void theOldestReadyJobIsTheOldestAcrossPrioritiesAndIgnoresJobsNotDueAndOtherQueues() {
        Instant now = store.now().truncatedTo(ChronoUnit.MILLIS);
        assertThat(store.queueLoad(new QueueLoad.Request("mail", HOUR, Duration.ZERO)).oldestReadyAt()).isNull();

        store.jobInsertMany(List.of(readySince("mail", 5, now.minusSeconds(30)), readySince("mail", 0, now.minusSeconds(90)),
                readySince("mail", -3, now.minusSeconds(60)), readySince("mail", 5, now.minusSeconds(10)),
                readySince("other", 0, now.minusSeconds(600)), ContractJobs.scheduledAt("other", now.minusSeconds(900)),
                ContractJobs.scheduledIn("mail", HOUR)));

        QueueLoad load = store.queueLoad(new QueueLoad.Request("mail", HOUR, Duration.ZERO));
        assertThat(load.queue()).isEqualTo("mail");
        assertThat(load.oldestReadyAt()).isCloseTo(now.minusSeconds(90), within(1, ChronoUnit.MILLIS));
        assertThat(load.overdue()).isZero();
        assertThat(load.orphaned()).isZero();

        // the highest priority leaves: the oldest is still found in a lower priority's range
        assertThat(store.jobClaim(new ClaimRequest("mail", "n", 2))).extracting(j -> j.priority()).containsOnly(5);
        assertThat(store.queueLoad(new QueueLoad.Request("mail", HOUR, Duration.ZERO)).oldestReadyAt())
                .isCloseTo(now.minusSeconds(90), within(1, ChronoUnit.MILLIS));
        assertThat(store.jobClaim(new ClaimRequest("mail", "n", 10))).hasSize(2);
        assertThat(store.queueLoad(new QueueLoad.Request("mail", HOUR, Duration.ZERO)).oldestReadyAt())
                .as("every ready job was claimed").isNull();
    }

    @Test
    void aDueJobNotYetMadeAvailableIsWaitingToo() {
        Instant now = store.now().truncatedTo(ChronoUnit.MILLIS);
        store.jobInsertMany(List.of(readySince("mail", 0, now.minusSeconds(30)),
                ContractJobs.scheduledAt("mail", now.minusSeconds(300))));

        assertThat(store.queueLoad(new QueueLoad.Request("mail", HOUR, Duration.ZERO)).oldestReadyAt())
                .as("no stager ran: the due scheduled job waits longest").isCloseTo(now.minusSeconds(300),
                        within(1, ChronoUnit.MILLIS));

        QueueHealth health = node(b -> {}).queueHealth("mail");
        assertThat(health.cap()).isEqualTo("no live node serves mail while 1 job is ready");
        store.jobClaim(new ClaimRequest("mail", "gone", 10));
        assertThat(node(b -> {}).queueHealth("mail").cap()).as("nothing available, but a due job waits")
                .isEqualTo("no live node serves mail while due jobs wait to be made ready");
    }

    @Test
    void runningJobsOnAGoneNodeAreOrphanedAndJobsPastTheirTimeoutOnALiveNodeAreOverdueEachCountedOnce() {
        beat("live", "docs", new QueueSettings(4, Duration.ofMinutes(1)));
        store.jobInsertMany(List.of(withTimeout("docs", Duration.ofMillis(1)), ContractJobs.available("docs")));
        assertThat(store.jobClaim(new ClaimRequest("docs", "live", 10))).hasSize(2);
        store.jobInsertMany(List.of(withTimeout("docs", Duration.ofMillis(1)), ContractJobs.available("docs"),
                ContractJobs.available("docs")));
        assertThat(store.jobClaim(new ClaimRequest("docs", "gone", 10))).hasSize(3);
        store.jobInsertMany(List.of(ContractJobs.available("other")));
        store.jobClaim(new ClaimRequest("other", "gone", 10));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            QueueLoad load = store.queueLoad(new QueueLoad.Request("docs", HOUR, Duration.ZERO));
            assertThat(load.orphaned()).as("the three jobs of the node without a row").isEqualTo(3);
            assertThat(load.overdue()).as("the live node's job past its 1 ms timeout, not the one without a timeout")
                    .isEqualTo(1);
        });
        assertThat(store.queueLoad(new QueueLoad.Request("docs", HOUR, Duration.ofHours(2))).overdue())
                .as("within the grace").isZero();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            QueueLoad silent = store.queueLoad(new QueueLoad.Request("docs", Duration.ofMillis(1), Duration.ZERO));
            assertThat(silent.orphaned()).as("a silent node's jobs are orphaned, not overdue").isEqualTo(5);
            assertThat(silent.overdue()).isZero();
        });
    }

    @Test
    void samplesAreListedOldestFirstByQueueOrAllReplacedAtTheSameInstantAndPrunedByAge() {
        Instant t = store.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(2));
        store.queueSampleRecord(List.of(new QueueSample("ai", t, 10, 4), new QueueSample("mail", t, 1, 0)));
        store.queueSampleRecord(List.of(new QueueSample("ai", t.plusSeconds(60), 20, 4),
                new QueueSample("ai", t.plusSeconds(120), 30, 4)));
        store.queueSampleRecord(List.of(new QueueSample("ai", t.plusSeconds(60), 25, 3)));
        store.queueSampleRecord(List.of());

        assertThat(store.queueSampleList("ai", t)).containsExactly(new QueueSample("ai", t, 10, 4),
                new QueueSample("ai", t.plusSeconds(60), 25, 3), new QueueSample("ai", t.plusSeconds(120), 30, 4));
        assertThat(store.queueSampleList("ai", t.plusSeconds(61))).extracting(QueueSample::ready).containsExactly(30L);
        assertThat(store.queueSampleList(null, t)).extracting(QueueSample::queue).containsExactly("ai", "mail", "ai", "ai");

        assertThat(store.queueSamplePrune(t.plusSeconds(60))).isEqualTo(2);
        assertThat(store.queueSampleList(null, t)).extracting(QueueSample::at).containsExactly(t.plusSeconds(60),
                t.plusSeconds(120));
    }

    @Test
    void failuresOfAQueueAreCountedPerCategoryWithTheirIssuesInTheWindowMostFirst() {
        Instant now = store.now().truncatedTo(ChronoUnit.MILLIS);
        List<FailureRecord> failures = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            failures.add(failure("aaaa000000000001", "mail", ErrorCategory.AUTHENTICATION, now.minusSeconds(60)));
        }
        failures.add(failure("bbbb000000000002", "mail", ErrorCategory.TRANSIENT, now.minusSeconds(30)));
        failures.add(failure("bbbb000000000003", "mail", ErrorCategory.TRANSIENT, now.minusSeconds(20)));
        failures.add(failure("cccc000000000004", "mail", ErrorCategory.TIMEOUT, now.minus(HOUR)));
        failures.add(failure("dddd000000000005", "other", ErrorCategory.CODE, now.minusSeconds(5)));
        store.failureRecord(failures);

        assertThat(store.failureCounts("mail", now.minus(Duration.ofMinutes(15)))).containsExactly(
                new FailureCount(ErrorCategory.AUTHENTICATION, 3, 1), new FailureCount(ErrorCategory.TRANSIENT, 2, 2));
        assertThat(store.failureCounts("idle", now.minus(Duration.ofMinutes(15)))).isEmpty();
    }

    private static FailureRecord failure(String issue, String queue, ErrorCategory category, Instant at) {
        return new FailureRecord(issue, 1, "tck.failing", queue, "{}", "java.io.IOException", "reset", "",
                category, category == ErrorCategory.TRANSIENT, 1, "node-1", Duration.ofMillis(5), at, List.of(), Map.of());
    }

    @Test
    void nodesSendTheirQueueSettingsWithTheirHeartbeat() {
        beat("n1", "ai", new QueueSettings(4, Duration.ofSeconds(30)));
        store.nodeHeartbeat(new NodeBeat("n2", "host", 2, List.of("ai"), 0));

        assertThat(store.nodeList()).filteredOn(n -> n.nodeId().equals("n1")).singleElement()
                .satisfies(n -> assertThat(n.queueSettings()).containsExactly(
                        Map.entry("ai", new QueueSettings(4, Duration.ofSeconds(30)))));
        assertThat(store.nodeList()).filteredOn(n -> n.nodeId().equals("n2")).singleElement()
                .satisfies(n -> assertThat(n.queueSettings()).isEmpty());
    }

    // ---- the score from crafted data ----------------------------------------------------------------

    @Test
    void readyJobsWithNoLiveNodeCapTheScoreAndTheStaleWaitCostsLatency() {
        Instant now = store.now();
        store.jobInsertMany(List.of(readySince("mail", 0, now.minus(Duration.ofMinutes(10))), ContractJobs.available("mail")));
        store.nodeHeartbeat(new NodeBeat("elsewhere", "host", 1, List.of("reports"), 0));

        QueueHealth health = node(b -> {}).queueHealth("mail");

        assertThat(health.score()).isLessThanOrEqualTo(QueueHealth.NO_NODE_CAP);
        assertThat(health.cap()).isEqualTo("no live node serves mail while 2 jobs are ready");
        assertThat(health.component(QueueHealth.LATENCY).score()).isZero();
        assertThat(health.component(QueueHealth.LATENCY).measured()).startsWith("oldest ready job waited 10m")
                .endsWith("(target 1m)");
        assertThat(health.recommendations()).first().asString().isEqualTo("mail: no live node serves the queue while 2 jobs "
                + "are ready — start a worker serving it (stevedore worker --queue mail)");
    }

    @Test
    void aLiveNodesTargetAndSlotsAreUsedForLatencyAndCapacity() {
        Instant now = store.now();
        beat("w1", "ai", new QueueSettings(2, Duration.ofSeconds(10)));
        beat("w2", "ai", new QueueSettings(2, Duration.ofSeconds(20)));
        store.jobInsertMany(List.of(ContractJobs.available("ai"), ContractJobs.available("ai"),
                ContractJobs.available("ai"), ContractJobs.available("ai")));
        store.jobClaim(new ClaimRequest("ai", "w1", 2));
        store.jobClaim(new ClaimRequest("ai", "w2", 2));
        store.jobInsertMany(List.of(readySince("ai", 0, now.minusSeconds(35))));

        QueueHealth health = node(b -> {}).queueHealth("ai");

        assertThat(health.cap()).isNull();
        HealthComponent latency = health.component(QueueHealth.LATENCY);
        assertThat(latency.measured()).endsWith("(target 10s)");
        assertThat(latency.score()).as("3.5 targets: between 1 and 5").isBetween(30, 45);
        assertThat(health.recommendations()).singleElement().asString().startsWith("ai: oldest ready job waited 3")
                .endsWith("against a 10s target with 4 of 4 slots busy — raise concurrency or add a node");
    }

    @Test
    void aDeadNodesRunningJobsShowAsStuck() {
        beat("live", "docs", new QueueSettings(4, Duration.ofMinutes(1)));
        store.jobInsertMany(List.of(ContractJobs.available("docs"), ContractJobs.available("docs")));
        store.jobClaim(new ClaimRequest("docs", "killed-9", 10));

        QueueHealth health = node(b -> {}).queueHealth("docs");

        assertThat(health.component(QueueHealth.STUCK).score()).isEqualTo(50);
        assertThat(health.component(QueueHealth.STUCK).measured()).isEqualTo("0 past their timeout, 2 on a node that is gone");
        assertThat(health.recommendations()).containsExactly("docs: 2 jobs are running on a node that is gone — the leader "
                + "rescues them for a retry; if they stay, no node is leading: start one");
    }

    @Test
    void anOpenBreakerOnTheQueueScoresZeroAndNamesItsProbeTime() {
        beat("live", "mail", new QueueSettings(4, Duration.ofMinutes(1)));
        BreakerRule rule = new BreakerRule(1, 0, 1, Duration.ofMinutes(1), Duration.ofMinutes(5));
        assertThat(store.breakerRecord(List.of(new BreakerReport("smtp", rule, 0, 1, List.of())))).hasSize(1);

        QueueHealth health = node(b -> b.breaker("smtp", br -> br.queue("mail").openAfter(1, Duration.ofMinutes(1))
                .coolDown(Duration.ofMinutes(5)))).queueHealth("mail");

        assertThat(health.component(QueueHealth.BREAKERS).score()).isZero();
        assertThat(health.component(QueueHealth.BREAKERS).measured()).startsWith("smtp open until ");
        assertThat(health.score()).isEqualTo(85);
        assertThat(health.recommendations()).singleElement().asString().startsWith("mail: breaker smtp open since ")
                .contains("— its jobs wait without using attempts; a probe runs at ");
        assertThat(node(b -> {}).queueHealth("reports").component(QueueHealth.BREAKERS).measured())
                .isEqualTo("no breaker covers this queue");
    }

    @Test
    void failuresFromTheRollUpsAndTheirCategoriesGiveTheFailureScoreAndAdvice() {
        Instant now = store.now();
        beat("live", "mail", new QueueSettings(4, Duration.ofMinutes(1)));
        store.statsRecord(List.of(new StatsBucket(now.truncatedTo(ChronoUnit.MINUTES).minusSeconds(120), StatsBucket.MINUTE,
                "mail", "send", 62, 38, 0, 0, 0, 0, 100, 1000, 50, 100, 10, 5)));
        List<FailureRecord> failures = new ArrayList<>();
        for (int i = 0; i < 38; i++) {
            failures.add(failure(i < 14 ? "aaaa000000000001" : "bbbb00000000000" + (i % 5),
                    "mail", i < 14 ? ErrorCategory.AUTHENTICATION : ErrorCategory.TRANSIENT, now.minusSeconds(60)));
        }
        store.failureRecord(failures);

        QueueHealth health = node(b -> {}).queueHealth("mail");

        HealthComponent failed = health.component(QueueHealth.FAILURES);
        assertThat(failed.value()).isEqualTo(0.38);
        assertThat(failed.score()).isEqualTo(24);
        assertThat(failed.measured()).isEqualTo("38 of 100 attempts failed (38.0%) in the last 15m");
        assertThat(health.recommendations()).containsExactly("mail: 63% of failures are transient errors in 5 issues — a "
                + "dependency is failing; these jobs are retried with backoff: check it, or put a circuit breaker on it");
    }

    @Test
    void aBacklogRisingOverTheLeadersSamplesLowersTheBacklogScore() {
        Instant now = store.now().truncatedTo(ChronoUnit.MILLIS);
        beat("live", "ai", new QueueSettings(1, Duration.ofHours(1)));
        List<QueueSample> samples = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            samples.add(new QueueSample("ai", now.minus(Duration.ofMinutes(25 - 5L * i)), 2L * i, 0));
        }
        store.queueSampleRecord(samples);
        List<NewJob> ready = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ready.add(ContractJobs.available("ai"));
        }
        store.jobInsertMany(ready);

        QueueHealth health = node(b -> {}).queueHealth("ai");

        HealthComponent backlog = health.component(QueueHealth.BACKLOG);
        assertThat(backlog.measured()).startsWith("ready 0 → 12 over 25m").contains("(rising for 2");
        assertThat(backlog.score()).as("+12 against the floor of 10: 60% of the way to 0").isEqualTo(40);
        assertThat(backlog.value()).isEqualTo(12.0);
    }

    @Test
    void everyQueueKnownIsListedDeclaredWithJobsPausedOrServed() {
        store.jobInsertMany(List.of(ContractJobs.available("with-jobs")));
        store.queuePause("paused");
        beat("live", "served", new QueueSettings(1, Duration.ofMinutes(1)));

        List<QueueHealth> all = node(b -> b.queue("declared")).queueHealth();

        assertThat(all).extracting(QueueHealth::queue).containsExactly("declared", "paused", "served", "with-jobs");
        assertThat(all).filteredOn(h -> h.queue().equals("paused")).singleElement()
                .satisfies(h -> assertThat(h.score()).isEqualTo(100));
    }

    @Test
    void aRealNodesHeldAuthenticationFailuresReachTheScoreThroughItsStatisticsAndFailureRecords() {
        Stevedore worker = FastTimings.builder(fixture.secondStore())
                .handle(Send.class, (ctx, job) -> {
                    if (job.rejected()) {
                        throw new SecurityException("token expired for account " + ctx.jobId());
                    }
                })
                .queue("mail")
                .build();
        nodes.add(worker);
        worker.start();
        List<Long> ids = new ArrayList<>();
        for (boolean rejected : List.of(true, false, true, false, false)) {
            ids.add(worker.enqueue(new Send(rejected), o -> o.queue("mail")).id());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream().map(id -> worker.job(id).orElseThrow().state())
                .allMatch(state -> state == JobState.HELD || state == JobState.COMPLETED));
        worker.stop(); // writes its last statistics and failure records

        QueueHealth health = node(b -> {}).queueHealth("mail");

        assertThat(health.component(QueueHealth.FAILURES).measured())
                .isEqualTo("2 of 5 attempts failed (40.0%) in the last 15m");
        assertThat(health.component(QueueHealth.FAILURES).score()).isEqualTo(20);
        assertThat(health.recommendations()).containsExactly("mail: 100% of failures are authentication errors in 1 "
                + "issue — check credentials; these jobs are held, not retried");
    }

    @Test
    void aNodeWithAMeterRegistryShowsEachQueuesScoreAndOldestWaitAsGauges() {
        store.jobInsertMany(List.of(readySince("stale", 0, store.now().minus(Duration.ofMinutes(5)))));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Stevedore worker = FastTimings.builder(fixture.secondStore()).meterRegistry(registry).queue("mail").build();
        nodes.add(worker);

        worker.start();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(registry.find("stevedore.queue.health").tag("queue", "stale").gauge()).isNotNull()
                    .satisfies(g -> assertThat(g.value()).isEqualTo(QueueHealth.NO_NODE_CAP));
            assertThat(registry.find("stevedore.queue.health").tag("queue", "mail").gauge()).isNotNull()
                    .satisfies(g -> assertThat(g.value()).isEqualTo(100));
        });
        assertThat(registry.find("stevedore.queue.oldest.ready.age").tag("queue", "stale").gauge().value())
                .isBetween(299.0, 400.0);
        assertThat(registry.find("stevedore.queue.oldest.ready.age").tag("queue", "mail").gauge().value()).isZero();
        worker.close();
        assertThat(registry.find("stevedore.queue.health").gauges()).as("removed with the node").isEmpty();
    }

    @Test
    void theLeaderSamplesItsQueuesWhenItStartsLeading() {
        Stevedore leader = FastTimings.builder(fixture.secondStore()).queue("sampled").build();
        nodes.add(leader);
        store.jobInsertMany(List.of(ContractJobs.scheduledIn("sampled", HOUR)));
        Instant before = store.now().minusSeconds(1);

        leader.start();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(store.queueSampleList("sampled", before))
                .isNotEmpty().allSatisfy(s -> assertThat(s.ready()).isZero()));
    }
}
