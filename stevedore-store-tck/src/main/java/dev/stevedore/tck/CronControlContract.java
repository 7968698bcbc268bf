package dev.stevedore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.stevedore.CatchUp;
import dev.stevedore.CronBackfill;
import dev.stevedore.CronOptions;
import dev.stevedore.CronSchedule;
import dev.stevedore.Enqueued;
import dev.stevedore.Job;
import dev.stevedore.JobKind;
import dev.stevedore.JobState;
import dev.stevedore.Outcome;
import dev.stevedore.Stevedore;
import dev.stevedore.StevedoreBuilder;
import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.CronEnqueue;
import dev.stevedore.spi.CronFire;
import dev.stevedore.spi.CronRow;
import dev.stevedore.spi.CronRun;
import dev.stevedore.spi.CronSettle;
import dev.stevedore.spi.JobFilter;
import dev.stevedore.spi.NewJob;
import dev.stevedore.spi.Store;
import dev.stevedore.spi.UniqueInsert;
import dev.stevedore.spi.UniqueKey;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cron schedules controlled at runtime, through the public API on a real store: edits obeyed by the
 * leader and kept over the code's declaration, disable and enable, run-now, backfill, pauses after
 * consecutive failures, and the "queue one" overlap policy.
 */
public abstract class CronControlContract {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String YEARLY = "0 0 1 1 *";
    private static final String EVERY_SECOND = "* * * * * *";

    @JobKind("tck.cron-control")
    public record Tick(String label) {}

    private StoreFixture fixture;
    private final List<Stevedore> nodes = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicBoolean failing = new AtomicBoolean(true);

    /** A fresh, migrated, isolated store for each test. */
    protected abstract StoreFixture createFixture();

    @BeforeEach
    void setUp() {
        fixture = createFixture();
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        nodes.forEach(Stevedore::stop);
        fixture.close();
    }

    /** A node with the contract's handler and fast timings; started when {@code started}. */
    private Stevedore node(Store store, Consumer<StevedoreBuilder> cron, boolean started) {
        StevedoreBuilder builder = FastTimings.builder(store)
                .handle(Tick.class, (ctx, job) -> {
                    if (job.label().equals("block")) {
                        release.await();
                    }
                    if (job.label().equals("fail") && failing.get()) {
                        throw Outcome.discard("failing on purpose");
                    }
                })
                .queue("default", q -> q.concurrency(4));
        cron.accept(builder);
        Stevedore node = builder.build();
        nodes.add(node);
        if (started) {
            node.start();
        }
        return node;
    }

    private Stevedore started(Consumer<StevedoreBuilder> cron) {
        return node(fixture.store(), cron, true);
    }

    private List<Job> jobs() {
        return fixture.store().jobList(new JobFilter(Set.of(), null, "tck.cron-control", null, 1000)).stream()
                .sorted(Comparator.comparingLong(Job::id)).toList();
    }

    private static String tickOf(Job job) {
        return job.metadata().get("stevedore.cron.tick");
    }

    private static CronSchedule schedule(Stevedore node, String name) {
        return node.cron().get(name).orElseThrow();
    }

    /** Waits until no job is added for two seconds: an every-second schedule that still fired would add one. */
    private void awaitNoNewJobs() {
        AtomicInteger seen = new AtomicInteger(-1);
        await().during(Duration.ofSeconds(2)).atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    int now = jobs().size();
                    return seen.getAndSet(now) == now;
                });
    }

    // ---- runtime edits ----------------------------------------------------------------------------

    @Test
    void anEditFromAnotherNodeIsObeyedByTheLeaderAndOutlivesARedeclarationFromCode() {
        Stevedore leader = started(b -> b.cron("report", YEARLY, new Tick("r")));
        Stevedore operator = node(fixture.secondStore(), b -> b.cron("report", YEARLY, new Tick("r")), false);

        CronSchedule edited = operator.cron().update("report", EVERY_SECOND);
        assertThat(edited.expression()).isEqualTo(EVERY_SECOND);
        assertThat(edited.edit()).isNotNull();
        assertThat(edited.edit().declaredExpression()).isEqualTo(YEARLY);
        assertThat(edited.nextTick()).isBefore(Instant.now().plusSeconds(5));
        await().atMost(WAIT).until(() -> jobs().size() >= 2);

        // A deploy that declares another expression restarts the node: the operator's edit stays in
        // force, and the new declaration is recorded for when the edit is reset.
        leader.stop();
        int before = jobs().size();
        Stevedore redeployed = started(b -> b.cron("report", "0 0 2 1 *", new Tick("r")));
        await().atMost(WAIT).until(() -> schedule(redeployed, "report").edit().declaredExpression().equals("0 0 2 1 *"));
        await().atMost(WAIT).until(() -> jobs().size() >= before + 2);
        assertThat(schedule(redeployed, "report").expression()).isEqualTo(EVERY_SECOND);
        assertThat(jobs().stream().map(CronControlContract::tickOf)).doesNotHaveDuplicates();

        CronSchedule reset = operator.cron().reset("report");
        assertThat(reset.expression()).isEqualTo("0 0 2 1 *");
        assertThat(reset.edit()).isNull();
        awaitNoNewJobs();
        assertThat(schedule(redeployed, "report").nextTick().toString()).endsWith("-01-02T00:00:00Z");
    }

    @Test
    void anEditCanMoveTheZoneAndBadInputIsRefusedWithWhatToDo() {
        Stevedore node = node(fixture.store(), b -> b.cron("report", YEARLY, new Tick("r")), false);
        CronSchedule paris = node.cron().update("report", "0 3 * * *", ZoneId.of("Europe/Paris"));
        assertThat(paris.zone()).isEqualTo("Europe/Paris");
        assertThat(paris.edit().declaredZone()).isEqualTo("UTC");
        assertThat(node.cron().update("report", "30 3 * * *").zone()).as("update(name, expr) keeps the zone")
                .isEqualTo("Europe/Paris");

        assertThatThrownBy(() -> node.cron().update("report", "0 25 * * *"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid cron expression '0 25 * * *'");
        assertThatThrownBy(() -> node.cron().update("nope", "* * * * *"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no cron schedule named \"nope\"");
        assertThatThrownBy(() -> node.cron().disable("report", " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("disable reason");
        assertThat(schedule(node, "report").expression()).isEqualTo("30 3 * * *");
    }

    // ---- disable and enable -----------------------------------------------------------------------

    @Test
    void aDisabledScheduleFiresNothingAndWhenEnabledDoesNotCatchUpWhatItMissed() {
        Stevedore node = started(b -> b.cron("beat", EVERY_SECOND, new Tick("b"), c -> c.catchUp(CatchUp.all(100))));
        await().atMost(WAIT).until(() -> !jobs().isEmpty());

        CronSchedule disabled = node.cron().disable("beat", "maintenance window");
        assertThat(disabled.enabled()).isFalse();
        assertThat(disabled.disabled().reason()).isEqualTo("maintenance window");
        assertThat(disabled.nextTick()).isNull();
        awaitNoNewJobs();
        assertThat(node.cron().disable("beat", "another reason").disabled().reason())
                .as("the first reason stays").isEqualTo("maintenance window");

        Instant enabledAt = fixture.store().now();
        assertThat(node.cron().enable("beat").enabled()).isTrue();
        int before = jobs().size();
        await().atMost(WAIT).until(() -> jobs().size() >= before + 2);
        assertThat(jobs().stream().map(j -> Instant.parse(tickOf(j))))
                .noneMatch(t -> t.isAfter(disabled.disabled().at()) && !t.isAfter(enabledAt));
    }

    // ---- run now --------------------------------------------------------------------------------

    @Test
    void runNowEnqueuesAtOnceEvenWhenDisabledAndCountsAsTheLatestRun() {
        Stevedore node = started(b -> b.cron("report", YEARLY, new Tick("r")));
        node.cron().disable("report");

        Enqueued run = node.cron().runNow("report");
        assertThat(run.duplicate()).isFalse();
        Job job = node.job(run.id()).orElseThrow();
        assertThat(job.metadata()).containsEntry("stevedore.cron", "report")
                .containsEntry("stevedore.cron.trigger", "run-now").doesNotContainKey("stevedore.cron.tick");
        assertThat(schedule(node, "report").lastJobId()).isEqualTo(run.id());

        await().atMost(WAIT).until(() -> schedule(node, "report").lastOutcome() != null);
        CronSchedule.RunOutcome outcome = schedule(node, "report").lastOutcome();
        assertThat(outcome.jobId()).isEqualTo(run.id());
        assertThat(outcome.state()).isEqualTo(JobState.COMPLETED);
        assertThat(node.cron().runNow("report").id()).as("each run-now is a new job").isNotEqualTo(run.id());

        Stevedore stranger = node(fixture.secondStore(), b -> {}, false);
        assertThatThrownBy(() -> stranger.cron().runNow("report")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not declared on this node");
    }

    // ---- backfill -------------------------------------------------------------------------------

    @Test
    void backfillEnqueuesEachTickWithoutAJobOnceEvenOverFiredTicksAndOverlappingRanges() {
        // A yearly schedule last handled in mid-2025 fires its 2026 tick on start (catch-up last).
        fixture.store().cronDeclare("yearly", YEARLY, "UTC", Instant.parse("2025-06-01T00:00:00Z"));
        Stevedore node = started(b -> b.cron("yearly", YEARLY, new Tick("y"), c -> c.catchUp(CatchUp.last())));
        await().atMost(WAIT).until(() -> jobs().size() == 1);
        assertThat(tickOf(jobs().get(0))).isEqualTo("2026-01-01T00:00:00Z");

        CronBackfill first = node.cron().backfill("yearly", Instant.parse("2023-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:01Z"));
        assertThat(first.ticks()).isEqualTo(4);
        assertThat(first.enqueued()).as("2023, 2024, 2025; 2026 fired already").isEqualTo(3);
        CronBackfill overlapping = node.cron().backfill("yearly", Instant.parse("2021-06-01T00:00:00Z"),
                Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(overlapping.ticks()).as("from is inclusive, to exclusive: 2022, 2023").isEqualTo(2);
        assertThat(overlapping.enqueued()).isEqualTo(1);

        assertThat(jobs().stream().map(CronControlContract::tickOf)).containsExactlyInAnyOrder(
                "2022-01-01T00:00:00Z", "2023-01-01T00:00:00Z", "2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z",
                "2026-01-01T00:00:00Z");
        assertThat(jobs().stream().filter(j -> "backfill".equals(j.metadata().get("stevedore.cron.trigger"))))
                .hasSize(4);
        assertThat(schedule(node, "yearly").lastJobId()).as("backfills are not runs").isEqualTo(jobs().get(0).id());
    }

    @Test
    void backfillRefusesAnEmptyRangeAFutureOneAndOneAboveTheCap() {
        Stevedore node = node(fixture.store(), b -> b.cron("beat", EVERY_SECOND, new Tick("b")), false);
        Instant now = fixture.store().now();
        assertThatThrownBy(() -> node.cron().backfill("beat", now.minusSeconds(5), now.minusSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be before");
        assertThatThrownBy(() -> node.cron().backfill("beat", now.minusSeconds(5), now.plusSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("after the store's now");
        assertThatThrownBy(() -> node.cron().backfill("beat", now.minus(Duration.ofHours(1)), now))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 1000 ticks")
                .hasMessageContaining("split it");
        assertThat(jobs()).isEmpty();
        assertThat(node.cron().backfill("beat", now.minusSeconds(10), now.minusSeconds(5)).enqueued()).isEqualTo(5);
    }

    // ---- pause after failures -------------------------------------------------------------------

    @Test
    void aScheduleWhoseRunsKeepFailingIsPausedWithItsReasonUntilEnabled() {
        Stevedore node = started(b -> b.cron("flaky", EVERY_SECOND, new Tick("fail"), c -> c.pauseAfterFailures(2)
                .job(o -> o.maxAttempts(1))));
        await().atMost(WAIT).until(() -> !schedule(node, "flaky").enabled());
        CronSchedule paused = schedule(node, "flaky");
        assertThat(paused.disabled().reason()).contains("paused after 2 consecutive discarded runs");
        assertThat(paused.consecutiveFailures()).isGreaterThanOrEqualTo(2);
        assertThat(paused.lastOutcome().state()).isEqualTo(JobState.DISCARDED);
        awaitNoNewJobs();

        failing.set(false);
        CronSchedule enabled = node.cron().enable("flaky");
        assertThat(enabled.consecutiveFailures()).isZero();
        await().atMost(WAIT).until(() -> schedule(node, "flaky").lastOutcome().state() == JobState.COMPLETED);
        assertThat(schedule(node, "flaky").enabled()).isTrue();
        assertThat(schedule(node, "flaky").consecutiveFailures()).isZero();
    }

    @Test
    void eachFinishedRunCountsOnceAndACompletedRunEndsTheStreak() {
        Store store = fixture.store();
        store.cronDeclare("streak", YEARLY, "UTC", Instant.parse("2020-06-01T00:00:00Z"));
        long a = fire(store, "streak", "2021");
        long b = fire(store, "streak", "2022");
        long c = fire(store, "streak", "2023");
        long d = fire(store, "streak", "2024");
        finish(store, a, JobState.DISCARDED);
        finish(store, b, JobState.COMPLETED);
        finish(store, c, JobState.DISCARDED);

        List<CronRun> runs = store.cronRunList();
        assertThat(runs).extracting(CronRun::jobId).containsExactly(a, b, c, d);
        assertThat(runs).extracting(CronRun::settled).containsExactly(true, true, true, false);
        for (CronRun run : runs.subList(0, 3)) {
            assertThat(store.cronSettle(new CronSettle(run, 2, "two in a row"))).isEqualTo(CronSettle.Result.COUNTED);
        }
        assertThat(store.cronSettle(new CronSettle(runs.get(0), 2, "two in a row")))
                .isEqualTo(CronSettle.Result.ALREADY_COUNTED);
        CronRow row = store.cronList().get(0);
        assertThat(row.consecutiveFailures()).as("a, then b completed, then c").isEqualTo(1);
        assertThat(row.enabled()).isTrue();
        assertThat(row.lastOutcome().jobId()).isEqualTo(c);
        assertThat(row.lastOutcome().state()).isEqualTo(JobState.DISCARDED);
        assertThat(store.cronRunList()).extracting(CronRun::jobId).containsExactly(d);

        finish(store, d, JobState.DISCARDED);
        assertThat(store.cronSettle(new CronSettle(store.cronRunList().get(0), 2, "two in a row")))
                .isEqualTo(CronSettle.Result.PAUSED);
        row = store.cronList().get(0);
        assertThat(row.consecutiveFailures()).isEqualTo(2);
        assertThat(row.disabled().reason()).isEqualTo("two in a row");
        assertThat(store.cronRunList()).isEmpty();

        assertThat(store.cronEnable("streak")).isTrue();
        assertThat(store.cronList().get(0).consecutiveFailures()).isZero();
        assertThat(store.cronEnable("nope")).isFalse();
    }

    @Test
    void aQueuedTickIsReleasedOnceAndOnlyTheQueuedOneIsCleared() {
        Store store = fixture.store();
        store.cronDeclare("q", YEARLY, "UTC", Instant.parse("2020-06-01T00:00:00Z"));
        Instant first = Instant.parse("2021-01-01T00:00:00Z");
        Instant second = Instant.parse("2022-01-01T00:00:00Z");
        assertThat(store.cronQueue("q", first, second)).isTrue();
        assertThat(store.cronQueue("q", second, null)).as("one tick waits at most").isFalse();
        CronRow row = store.cronList().get(0);
        assertThat(row.queuedTick()).isEqualTo(first);
        assertThat(row.lastTick()).isEqualTo(second);

        UniqueInsert released = store.cronEnqueue(new CronEnqueue("q", tickJob("q", "2021"), first));
        assertThat(released.inserted()).isTrue();
        UniqueInsert again = store.cronEnqueue(new CronEnqueue("q", tickJob("q", "2021"), first));
        assertThat(again.inserted()).as("a second leader releasing the same tick").isFalse();
        assertThat(again.id()).isEqualTo(released.id());
        row = store.cronList().get(0);
        assertThat(row.queuedTick()).isNull();
        assertThat(row.lastJobId()).isEqualTo(released.id());
        assertThat(row.lastTick()).as("a release does not move the ticks").isEqualTo(second);
        assertThat(store.cronRunList()).extracting(CronRun::jobId).containsExactly(released.id());

        store.cronQueue("q", Instant.parse("2023-01-01T00:00:00Z"), null);
        store.cronEnqueue(new CronEnqueue("q", tickJob("q", "2021"), first));
        assertThat(store.cronList().get(0).queuedTick()).as("a stale release leaves a newer queued tick")
                .isEqualTo(Instant.parse("2023-01-01T00:00:00Z"));
        assertThat(store.cronDisable("q", "off")).isTrue();
        assertThat(store.cronList().get(0).queuedTick()).as("disabling drops the queued tick").isNull();
    }

    private static NewJob tickJob(String schedule, String tick) {
        return new NewJob("tck.cron-control", "cron-" + schedule + "-" + tick, "{\"label\":\"" + tick + "\"}", 0, 1,
                JobState.AVAILABLE, null, Duration.ZERO, null, List.of(), Map.of(),
                new UniqueKey("cron-" + schedule + "-" + tick, EnumSet.allOf(JobState.class), null));
    }

    private static long fire(Store store, String schedule, String year) {
        Instant tick = Instant.parse(year + "-01-01T00:00:00Z");
        return store.cronFire(new CronFire(schedule, tick, null, tickJob(schedule, year))).orElseThrow().id();
    }

    private static void finish(Store store, long id, JobState state) {
        Job job = store.jobClaim(new ClaimRequest(store.jobGet(id).orElseThrow().queue(), "tck-node", 10)).stream()
                .filter(j -> j.id() == id).findFirst().orElseThrow();
        assertThat(store.jobCompleteMany(List.of(ContractJobs.finish(id, job.attempt(), state)))).containsExactly(id);
    }

    // ---- overlap: queue one ---------------------------------------------------------------------

    @Test
    void queueOneKeepsOneTickWaitingBehindTheRunningJobAndRunsItWhenThatFinishes() {
        Stevedore node = started(b -> b.cron("slow", EVERY_SECOND, new Tick("block"),
                c -> c.overlap(CronOptions.Overlap.QUEUE_ONE)));
        await().atMost(WAIT).until(() -> jobs().size() == 1 && jobs().get(0).state() == JobState.RUNNING);
        await().atMost(WAIT).until(() -> schedule(node, "slow").queuedTick() != null);
        Instant queued = schedule(node, "slow").queuedTick();
        await().atMost(WAIT).until(() -> schedule(node, "slow").lastTick().isAfter(queued.plusSeconds(1)));
        assertThat(schedule(node, "slow").queuedTick()).as("later ticks are skipped, not queued").isEqualTo(queued);
        assertThat(jobs()).as("the queued tick waits without a job").hasSize(1);

        release.countDown();
        await().atMost(WAIT).until(() -> jobs().size() >= 2 && jobs().get(1).state() == JobState.COMPLETED);
        Job first = jobs().get(0);
        Job second = jobs().get(1);
        assertThat(tickOf(second)).isEqualTo(queued.toString());
        assertThat(second.attemptedAt()).as("runs never overlap").isAfterOrEqualTo(first.finishedAt());
    }
}
