package dev.stevedore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.Alert;
import dev.stevedore.AlertChange;
import dev.stevedore.AlertQuery;
import dev.stevedore.AlertRule;
import dev.stevedore.ErrorCategory;
import dev.stevedore.IssueStatus;
import dev.stevedore.JobKind;
import dev.stevedore.JobState;
import dev.stevedore.RetryPolicy;
import dev.stevedore.StatsBucket;
import dev.stevedore.Stevedore;
import dev.stevedore.StevedoreBuilder;
import dev.stevedore.spi.AlertFire;
import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.CrashLimit;
import dev.stevedore.spi.FailureRecord;
import dev.stevedore.spi.NodeBeat;
import dev.stevedore.spi.NewJob;
import dev.stevedore.spi.NodeHealth;
import dev.stevedore.spi.RescueRequest;
import dev.stevedore.spi.Store;
import java.io.IOException;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each alert rule through a real leader with crafted data: it fires for the subject in violation,
 * once, to every sink (one of which throws), and resolves when the condition clears. Statistics,
 * node heartbeats, issues and job times are written straight to the store, so no test waits for real
 * time to pass.
 */
public abstract class AlertRuntimeContract {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long GIB = 1L << 30;

    /** A job that waits until the test releases it. */
    @JobKind("tck.alerts.hold")
    public record Hold(String key) {}

    /** A job of the kind the breaker guards: fails while {@link #dependencyDown} says so. */
    @JobKind("tck.alerts.guarded")
    public record Guarded(String key) {}

    private StoreFixture fixture;
    private Store store;
    private Stevedore node;
    private final List<AlertChange> sent = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicBoolean dependencyDown = new AtomicBoolean(true);

    /** A fresh, migrated, isolated store for each test. */
    protected abstract StoreFixture createFixture();

    @BeforeEach
    void setUp() {
        fixture = createFixture();
        store = fixture.store();
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        if (node != null) {
            node.stop();
        }
        fixture.close();
    }

    /** Starts the leader with one rule, a sink that throws, then the sink that records. */
    private void start(String rule, Consumer<AlertRule> spec) {
        start(b -> b.alert(rule, spec));
    }

    private void start(Consumer<StevedoreBuilder> extra) {
        StevedoreBuilder builder = FastTimings.builder(store)
                // Crafted node rows stay live for the test; nothing here needs a quick rescue.
                .heartbeat(Duration.ofMillis(100), Duration.ofSeconds(20))
                .defaultRetry(RetryPolicy.fixed(Duration.ofMillis(10)))
                .alertInterval(Duration.ofMillis(100))
                .alertSink(change -> {
                    throw new IOException("this sink is down; the next one must still be called");
                })
                .alertSink(sent::add)
                .handle(Hold.class, (ctx, job) -> release.await())
                .handle(Guarded.class, (ctx, job) -> {
                    if (dependencyDown.get()) {
                        throw new IOException("dependency down");
                    }
                })
                .breaker("dependency", b -> b.kinds(Guarded.class).openAfter(1, Duration.ofMinutes(1))
                        .coolDown(Duration.ofMillis(300)))
                .queue("default", q -> q.concurrency(4));
        extra.accept(builder);
        node = builder.build();
        node.start();
    }

    private List<AlertChange> sentFor(String rule, String subject) {
        return sent.stream().filter(c -> c.alert().rule().equals(rule) && c.alert().subject().equals(subject)).toList();
    }

    private Alert awaitFired(String rule, String subject) {
        await().atMost(WAIT).until(() -> !sentFor(rule, subject).isEmpty());
        AlertChange fired = sentFor(rule, subject).get(0);
        assertThat(fired.type()).isEqualTo(AlertChange.Type.FIRED);
        assertThat(fired.alert().active()).isTrue();
        return fired.alert();
    }

    private void awaitResolved(String rule, String subject) {
        await().atMost(WAIT).until(() -> sentFor(rule, subject).size() >= 2);
        assertThat(sentFor(rule, subject)).as("fired once, then resolved once").extracting(AlertChange::type)
                .containsExactly(AlertChange.Type.FIRED, AlertChange.Type.RESOLVED);
        assertThat(sentFor(rule, subject).get(1).alert().resolvedAt()).isNotNull();
        assertThat(node.alerts(AlertQuery.latest(10).rule(rule).activeOnly()))
                .noneMatch(a -> a.subject().equals(subject));
    }

    private StatsBucket bucket(String queue, String kind, long completed, long failed, long discarded) {
        Instant minute = store.now().truncatedTo(ChronoUnit.MINUTES);
        return new StatsBucket(minute, StatsBucket.MINUTE, queue, kind, completed, failed, 0, discarded, 0, 0,
                completed + failed, 0, 0, 0, 0, 0);
    }

    private void sql(String statement) throws Exception {
        try (Connection c = fixture.connection(); Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    @Test
    void aLowSuccessRateFiresOnceThereAreEnoughRunsAndResolvesWhenItRecovers() {
        store.statsRecord(List.of(bucket("mail", "email.send", 5, 15, 0), bucket("tiny", "ping", 0, 1, 0)));
        start(b -> b.alert("mail-failing", a -> a.successRateBelow(0.9).over(Duration.ofMinutes(5)).minimumRuns(10))
                .alert("kinds-failing", a -> a.successRateBelow(0.9).minimumRuns(10).perKind().kinds("email.send")));

        Alert alert = awaitFired("mail-failing", "mail");
        assertThat(alert.message()).contains("25.0%", "5 of 20 runs", "below 90.0%");
        awaitFired("kinds-failing", "email.send");
        store.statsRecord(List.of(bucket("mail", "email.send", 200, 0, 0)));

        awaitResolved("mail-failing", "mail");
        awaitResolved("kinds-failing", "email.send");
        assertThat(sentFor("mail-failing", "tiny")).as("1 failure of 1 run is below the minimum volume").isEmpty();
    }

    @Test
    void discardsInTheWindowFireAndResolveWhenTheyLeaveIt() throws Exception {
        store.statsRecord(List.of(bucket("mail", "email.send", 10, 3, 3), bucket("ai", "score", 10, 1, 1)));
        start("dead-jobs", a -> a.discardedAtLeast(2).over(Duration.ofMinutes(10)));

        assertThat(awaitFired("dead-jobs", "mail").message()).contains("3 job(s) discarded");
        sql("DELETE FROM " + fixture.table("stats") + " WHERE queue = 'mail'");

        awaitResolved("dead-jobs", "mail");
        assertThat(sentFor("dead-jobs", "ai")).as("below the threshold").isEmpty();
    }

    @Test
    void aJobRunningLongerThanTheLimitFiresUntilItEnds() throws Exception {
        start("stuck", a -> a.runningLongerThan(Duration.ofMinutes(30)));
        long id = node.enqueue(new Hold("h")).id();
        await().atMost(WAIT).until(() -> node.job(id).orElseThrow().state() == JobState.RUNNING);
        sql(TimeShift.back(fixture, "jobs", "attempted_at", "id = " + id, 3600));

        assertThat(awaitFired("stuck", Long.toString(id)).message()).contains("job " + id, "tck.alerts.hold", "1 h");
        release.countDown();

        awaitResolved("stuck", Long.toString(id));
    }

    @Test
    void aQuarantinedJobFiresUntilAnOperatorRetriesIt() {
        // A queue no node serves, claimed by a node that never beats, rescued once with a limit of one crash,
        // before the leader starts (its own rescuer would count the crash against the default limit).
        long id = store.jobInsertMany(List.of(new NewJob("tck.alerts.hold", "lost", "{\"key\":\"p\"}", 0, 3,
                JobState.AVAILABLE, null, Duration.ZERO, null, List.of(), Map.of()))).get(0);
        assertThat(store.jobClaim(new ClaimRequest("lost", "ghost", 1))).hasSize(1);
        assertThat(store.jobRescue(new RescueRequest(Duration.ofSeconds(1), Duration.ZERO, "test", 10)
                .countingCrashes(new CrashLimit(1, Duration.ofHours(1))))).singleElement()
                .satisfies(job -> assertThat(job.quarantined()).isTrue());
        start("poison", a -> a.jobQuarantined().queues("lost"));

        assertThat(awaitFired("poison", Long.toString(id)).message())
                .contains("job " + id, "tck.alerts.hold", "queue lost", "quarantined after crashing its worker 1 time(s) within PT1H",
                        "stevedore jobs retry " + id);
        assertThat(node.retry(id)).hasValueSatisfying(job -> assertThat(job.quarantined()).isFalse());

        awaitResolved("poison", Long.toString(id));
    }

    @Test
    void aNodeAboveTheHeapOrResidentMemoryLimitFiresUntilItReportsLess() {
        beat("fat", new NodeHealth(3 * GIB, 4 * GIB, 5 * GIB, null, null));
        start(b -> b.alert("heap", a -> a.heapAbove(2 * GIB)).alert("rss", a -> a.rssAbove(4 * GIB)));

        assertThat(awaitFired("heap", "fat").message()).contains("3072 MiB", "above 2048 MiB");
        awaitFired("rss", "fat");
        beat("fat", new NodeHealth(GIB, 4 * GIB, 2 * GIB, null, null));

        awaitResolved("heap", "fat");
        awaitResolved("rss", "fat");
    }

    private void beat(String nodeId, NodeHealth health) {
        store.nodeHeartbeat(new NodeBeat(nodeId, "host-a", 4242, List.of("elsewhere"), 0, health));
    }

    @Test
    void anOpenBreakerFiresUntilItCloses() {
        start("breakers", a -> a.breakerOpen());
        node.enqueue(new Guarded("g"), o -> o.maxAttempts(20));

        assertThat(awaitFired("breakers", "dependency").message()).contains("breaker dependency is open");
        dependencyDown.set(false);

        awaitResolved("breakers", "dependency");
    }

    @Test
    void aRegressedIssueFiresUntilItIsResolvedAgain() {
        Instant now = store.now().truncatedTo(ChronoUnit.MILLIS);
        store.failureRecord(List.of(failure(1, now)));
        store.issueSetStatus("abcd000000000001", IssueStatus.RESOLVED);
        store.failureRecord(List.of(failure(2, now.plusSeconds(1))));
        start("regressions", a -> a.issueRegressed());

        assertThat(awaitFired("regressions", "abcd000000000001").message()).contains("regressed", "tck.alerts.sync");
        node.resolveIssue("abcd000000000001").orElseThrow();

        awaitResolved("regressions", "abcd000000000001");
    }

    private static FailureRecord failure(long jobId, Instant at) {
        return new FailureRecord("abcd000000000001", jobId, "tck.alerts.sync", "default", "{}", "java.io.IOException",
                "reset", "", ErrorCategory.TRANSIENT, true, 1, "node-a", Duration.ZERO, at, List.of(), Map.of());
    }

    @Test
    void aQueueWhoseOldestReadyJobWaitedTooLongFiresUntilItIsServed() throws Exception {
        start("latency", a -> a.latencyAbove(Duration.ofMinutes(30)).queues("slow", "fresh"));
        long slow = node.enqueue(new Hold("slow"), o -> o.queue("slow")).id();
        node.enqueue(new Hold("fresh"), o -> o.queue("fresh"));
        sql(TimeShift.back(fixture, "jobs", "scheduled_at", "id = " + slow, 3600));

        assertThat(awaitFired("latency", "slow").message()).contains("queue slow", "1 h");
        node.cancel(slow);

        awaitResolved("latency", "slow");
        assertThat(sentFor("latency", "fresh")).isEmpty();
    }

    @Test
    void aQueueWithReadyJobsAndNoLiveNodeFiresUntilItHasNone() {
        start("unserved", a -> a.noLiveNode());
        long orphan = node.enqueue(new Hold("o"), o -> o.queue("orphan")).id();

        assertThat(awaitFired("unserved", "orphan").message()).contains("no live node serves it");
        node.cancel(orphan);

        awaitResolved("unserved", "orphan");
        assertThat(sentFor("unserved", "default")).as("served by this node").isEmpty();
    }

    @Test
    void theActiveAlertsOfARuleNoLongerDeclaredAreResolvedAndTheHistoryIsKept() {
        Alert stale = store.alertFire(new AlertFire("removed-rule", "mail", "from an older deployment", Duration.ZERO))
                .orElseThrow();
        start("unserved", a -> a.noLiveNode());

        await().atMost(WAIT).until(() -> !sentFor("removed-rule", "mail").isEmpty());
        assertThat(sentFor("removed-rule", "mail")).singleElement().satisfies(c -> {
            assertThat(c.type()).isEqualTo(AlertChange.Type.RESOLVED);
            assertThat(c.alert().id()).isEqualTo(stale.id());
        });
        assertThat(node.alerts(AlertQuery.latest(10))).singleElement().satisfies(a -> assertThat(a.active()).isFalse());
    }
}
