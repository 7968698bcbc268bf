package dev.stevedore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.spi.FailureCount;
import dev.stevedore.spi.QueueSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The queue health score, component by component, the no-node cap and every recommendation, from crafted figures. */
class HealthScorerTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:45:00Z");

    /** A healthy, idle queue served by one node with 4 slots; tests change what they look at. */
    private record Inputs(String queue, Duration target, long completed, long failed, List<FailureCount> failures,
                          long ready, long running, Instant oldestReadyAt, List<QueueSample> samples, long overdue,
                          long orphaned, List<BreakerState> breakers, int liveNodes, int slots, Instant pausedAt) {
        static Inputs idle(String queue) {
            return new Inputs(queue, Duration.ofMinutes(1), 0, 0, List.of(), 0, 0, null, List.of(), 0, 0, List.of(), 1, 4, null);
        }

        HealthInputs build() {
            return new HealthInputs(queue, NOW, target, completed, failed, failures, ready, running, oldestReadyAt, samples,
                    overdue, orphaned, breakers, liveNodes, slots, pausedAt);
        }

        QueueHealth score() {
            return HealthScorer.score(build());
        }

        Inputs attempts(long completed, long failed, FailureCount... failures) {
            return new Inputs(queue, target, completed, failed, List.of(failures), ready, running, oldestReadyAt, samples,
                    overdue, orphaned, breakers, liveNodes, slots, pausedAt);
        }

        Inputs waiting(long ready, Duration oldest) {
            return new Inputs(queue, target, completed, failed, failures, ready, running, NOW.minus(oldest), samples,
                    overdue, orphaned, breakers, liveNodes, slots, pausedAt);
        }

        Inputs running(long running, int slots) {
            return new Inputs(queue, target, completed, failed, failures, ready, running, oldestReadyAt, samples,
                    overdue, orphaned, breakers, liveNodes, slots, pausedAt);
        }

        Inputs readyHistory(long... everyFiveMinutes) {
            List<QueueSample> history = new ArrayList<>();
            for (int i = 0; i < everyFiveMinutes.length; i++) {
                history.add(new QueueSample(queue, NOW.minus(Duration.ofMinutes(5L * (everyFiveMinutes.length - i))),
                        everyFiveMinutes[i], running));
            }
            return new Inputs(queue, target, completed, failed, failures, ready, running, oldestReadyAt, history,
                    overdue, orphaned, breakers, liveNodes, slots, pausedAt);
        }

        Inputs sampledAgo(Duration ago, long ready) {
            return new Inputs(queue, target, completed, failed, failures, this.ready, running, oldestReadyAt,
                    List.of(new QueueSample(queue, NOW.minus(ago), ready, running)), overdue, orphaned, breakers,
                    liveNodes, slots, pausedAt);
        }

        Inputs stuck(long overdue, long orphaned) {
            return new Inputs(queue, target, completed, failed, failures, ready, running, oldestReadyAt, samples,
                    overdue, orphaned, breakers, liveNodes, slots, pausedAt);
        }

        Inputs breakers(BreakerState... breakers) {
            return new Inputs(queue, target, completed, failed, failures, ready, running, oldestReadyAt, samples,
                    overdue, orphaned, List.of(breakers), liveNodes, slots, pausedAt);
        }

        Inputs nodes(int liveNodes, int slots) {
            return new Inputs(queue, target, completed, failed, failures, ready, running, oldestReadyAt, samples,
                    overdue, orphaned, breakers, liveNodes, slots, pausedAt);
        }

        Inputs paused(Instant at) {
            return new Inputs(queue, target, completed, failed, failures, ready, running, oldestReadyAt, samples,
                    overdue, orphaned, breakers, liveNodes, slots, at);
        }
    }

    @Test
    void anIdleQueueScoresOneHundredWithEveryComponentVisibleAndNothingToDo() {
        QueueHealth health = Inputs.idle("mail").score();

        assertThat(health.score()).isEqualTo(100);
        assertThat(health.cap()).isNull();
        assertThat(health.recommendations()).isEmpty();
        assertThat(health.sampledAt()).isEqualTo(NOW);
        assertThat(health.components()).extracting(HealthComponent::name)
                .containsExactly("failures", "latency", "backlog", "stuck", "breakers");
        assertThat(health.components()).extracting(HealthComponent::weight).containsExactly(0.30, 0.25, 0.15, 0.15, 0.15);
        assertThat(health.components().stream().mapToDouble(HealthComponent::weight).sum()).isCloseTo(1.0,
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(health.component(QueueHealth.FAILURES).measured()).isEqualTo("no attempt ended in the last 15m");
        assertThat(health.component(QueueHealth.LATENCY).measured()).isEqualTo("no job waiting (target 1m)");
        assertThat(health.component(QueueHealth.STUCK).measured()).isEqualTo("none of 0 running");
        assertThat(health.component(QueueHealth.BREAKERS).measured()).isEqualTo("no breaker covers this queue");
        assertThatThrownBy(() -> health.component("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope");
    }

    @Test
    void theFailureRateCostsTwoPointsPerPercentAndItsMainCategoryGetsARecommendation() {
        QueueHealth health = Inputs.idle("mail").attempts(90, 10,
                new FailureCount(ErrorCategory.AUTHENTICATION, 38, 1), new FailureCount(ErrorCategory.TRANSIENT, 62 - 0, 3))
                .score();

        HealthComponent failures = health.component(QueueHealth.FAILURES);
        assertThat(failures.score()).isEqualTo(80);
        assertThat(failures.value()).isEqualTo(0.1);
        assertThat(failures.measured()).isEqualTo("10 of 100 attempts failed (10.0%) in the last 15m");
        assertThat(health.score()).isEqualTo(Math.round(0.30 * 80 + 0.70 * 100));
        // the counts are ordered by the store, most first: the first is the one named
        assertThat(health.recommendations()).containsExactly(
                "mail: 38% of failures are authentication errors in 1 issue — check credentials; these jobs are held, not retried");
    }

    @Test
    void everyFailureCategoryHasItsOwnRemedy() {
        for (ErrorCategory category : ErrorCategory.values()) {
            QueueHealth health = Inputs.idle("q").attempts(0, 4, new FailureCount(category, 4, 2)).score();
            assertThat(health.component(QueueHealth.FAILURES).score()).isZero();
            assertThat(health.recommendations()).singleElement().asString()
                    .startsWith("q: 100% of failures are ").contains(" in 2 issues — ");
        }
        assertThat(Inputs.idle("q").attempts(0, 4, new FailureCount(ErrorCategory.TIMEOUT, 4, 1)).score().recommendations())
                .containsExactly("q: 100% of failures are timeouts in 1 issue — jobs run out of time: check what they "
                        + "wait on, or raise the kind's timeout");
    }

    @Test
    void aLowFailureRateOrFailuresWithoutRecordsAreSaidAccordingly() {
        assertThat(Inputs.idle("q").attempts(99, 1, new FailureCount(ErrorCategory.CODE, 1, 1)).score().recommendations())
                .as("1% is under the 5% worth a recommendation").isEmpty();
        assertThat(Inputs.idle("q").attempts(80, 20).score().recommendations())
                .containsExactly("q: 20% of attempts failed in the last 15m — see stevedore issues list");
    }

    @Test
    void latencyIsFullWithinTheTargetAndFallsToZeroAtFiveTargets() {
        Inputs in = Inputs.idle("ai").running(1, 4);
        assertThat(in.waiting(3, Duration.ofSeconds(60)).score().component(QueueHealth.LATENCY).score()).isEqualTo(100);
        assertThat(in.waiting(3, Duration.ofMinutes(3)).score().component(QueueHealth.LATENCY).score()).isEqualTo(50);
        HealthComponent late = in.waiting(3, Duration.ofMinutes(5)).score().component(QueueHealth.LATENCY);
        assertThat(late.score()).isZero();
        assertThat(late.value()).isEqualTo(300.0);
        assertThat(late.measured()).isEqualTo("oldest ready job waited 5m (target 1m)");
    }

    @Test
    void lateJobsWithEverySlotBusyAskForCapacityAndWithFreeSlotsForALookAtLimits() {
        assertThat(Inputs.idle("ai").running(4, 4).waiting(30, Duration.ofMinutes(4).plusSeconds(10)).score()
                .recommendations()).containsExactly("ai: oldest ready job waited 4m10s against a 1m target with 4 of 4 "
                + "slots busy — raise concurrency or add a node");
        assertThat(Inputs.idle("ai").running(1, 4).waiting(30, Duration.ofMinutes(2)).score().recommendations())
                .containsExactly("ai: oldest ready job waited 2m against a 1m target while 1 of 4 slots are busy — jobs "
                        + "are held back: check the limits and breakers on its jobs");
        assertThat(Inputs.idle("ai").running(7, 0).waiting(30, Duration.ofMinutes(2)).score().recommendations())
                .as("nodes that did not say their slots").containsExactly("ai: oldest ready job waited 2m against a 1m "
                        + "target — add capacity (concurrency or nodes), or check the limits on its jobs");
    }

    @Test
    void aBacklogRisingForHalfAnHourWithEverySlotBusyIsTheIssuesExample() {
        QueueHealth health = Inputs.idle("ai").running(4, 4).waiting(480, Duration.ofMinutes(6))
                .readyHistory(120, 180, 240, 300, 360, 420).score();

        HealthComponent backlog = health.component(QueueHealth.BACKLOG);
        assertThat(backlog.measured()).isEqualTo("ready 120 → 480 over 30m (rising for 30m)");
        assertThat(backlog.value()).isEqualTo(360.0);
        assertThat(backlog.score()).as("quadrupled from 120: past the growth by twice its start that scores 0").isZero();
        assertThat(health.recommendations())
                .containsExactly("ai: latency rising for 30m with 4 of 4 slots busy — raise concurrency or add a node");
    }

    @Test
    void theDocumentedExampleScoresAsDocumented() {
        QueueHealth health = Inputs.idle("ai").attempts(212, 0).running(4, 4).waiting(480, Duration.ofMinutes(2))
                .readyHistory(120, 180, 240, 300, 360, 420).score();

        assertThat(health.score()).isEqualTo(79);
        assertThat(health.components()).extracting(HealthComponent::score).containsExactly(100, 75, 0, 100, 100);
        assertThat(health.components()).extracting(HealthComponent::measured).containsExactly(
                "0 of 212 attempts failed (0.0%) in the last 15m", "oldest ready job waited 2m (target 1m)",
                "ready 120 → 480 over 30m (rising for 30m)", "none of 4 running", "no breaker covers this queue");
        assertThat(health.recommendations())
                .containsExactly("ai: latency rising for 30m with 4 of 4 slots busy — raise concurrency or add a node");
    }

    @Test
    void theBacklogScoresByGrowthAgainstItsStartAndIgnoresFlatStretchesAndDrains() {
        Inputs in = Inputs.idle("q").running(2, 4);
        HealthComponent half = in.waiting(150, Duration.ofSeconds(5)).readyHistory(100, 100, 100, 100, 120, 140).score()
                .component(QueueHealth.BACKLOG);
        assertThat(half.score()).as("+50%% of 100 is a quarter of the way to tripling").isEqualTo(75);
        assertThat(half.measured()).isEqualTo("ready 100 → 150 over 30m (rising for 15m)");

        QueueHealth rising = in.waiting(150, Duration.ofSeconds(5)).readyHistory(100, 100, 100, 100, 120, 140).score();
        assertThat(rising.recommendations()).as("within target and slots free: nothing to do")
                .isEmpty();

        HealthComponent draining = in.waiting(12, Duration.ofSeconds(5)).readyHistory(40, 30, 20).score()
                .component(QueueHealth.BACKLOG);
        assertThat(draining.score()).isEqualTo(100);
        assertThat(draining.measured()).isEqualTo("ready 40 → 12 over 15m");

        HealthComponent none = in.waiting(50, Duration.ofSeconds(5)).score().component(QueueHealth.BACKLOG);
        assertThat(none.score()).isEqualTo(100);
        assertThat(none.measured()).isEqualTo("no samples yet: the leader takes one a minute");
        HealthComponent tooShort = in.waiting(50, Duration.ofSeconds(5)).sampledAgo(Duration.ofMinutes(2), 1).score()
                .component(QueueHealth.BACKLOG);
        assertThat(tooShort.score()).isEqualTo(100);
        assertThat(tooShort.measured()).isEqualTo("samples span 2m: too short to judge a trend");
        assertThat(Inputs.idle("q").running(4, 4).waiting(50, Duration.ofSeconds(5)).sampledAgo(Duration.ofMinutes(2), 1)
                .score().recommendations()).as("a rise over two minutes is no trend yet: no capacity advice").isEmpty();

        HealthComponent fromNothing = in.waiting(3, Duration.ofSeconds(5)).readyHistory(0, 0).score()
                .component(QueueHealth.BACKLOG);
        assertThat(fromNothing.score()).as("0 → 3 is measured against a floor of 10").isEqualTo(85);
    }

    @Test
    void aRisingBacklogWithFullSlotsButWithinTargetSaysSoWithItsFigures() {
        assertThat(Inputs.idle("ai").running(4, 4).waiting(80, Duration.ofSeconds(20)).readyHistory(20, 40, 60).score()
                .recommendations()).containsExactly("ai: backlog rising for 15m (20 → 80 ready) with 4 of 4 slots busy — "
                + "raise concurrency or add a node");
    }

    @Test
    void stuckJobsCostAQuarterEachAndSayWhatToDo() {
        QueueHealth one = Inputs.idle("docs").running(3, 4).stuck(1, 0).score();
        assertThat(one.component(QueueHealth.STUCK).score()).isEqualTo(75);
        assertThat(one.recommendations()).containsExactly("docs: 1 job is running past their timeout — the handler ignores "
                + "interruption (blocking I/O without a timeout of its own?): give its calls timeouts, or run the work as a "
                + "subprocess");

        QueueHealth many = Inputs.idle("docs").running(3, 4).stuck(2, 3).score();
        HealthComponent stuck = many.component(QueueHealth.STUCK);
        assertThat(stuck.score()).isZero();
        assertThat(stuck.value()).isEqualTo(5.0);
        assertThat(stuck.measured()).isEqualTo("2 past their timeout, 3 on a node that is gone");
        assertThat(many.recommendations()).first().asString().isEqualTo("docs: 3 jobs are running on a node that is gone "
                + "— the leader rescues them for a retry; if they stay, no node is leading: start one");
    }

    @Test
    void anOpenBreakerScoresZeroAndSaysWhichDependencyAndWhenItProbes() {
        BreakerState open = new BreakerState("stripe", BreakerState.Status.OPEN, Instant.parse("2026-11-23T10:42:07Z"),
                Instant.parse("2026-11-23T10:42:37Z"), "5 failures within PT1M");
        QueueHealth health = Inputs.idle("payments").breakers(open, BreakerState.closed("mailgun", NOW)).score();

        HealthComponent breakers = health.component(QueueHealth.BREAKERS);
        assertThat(breakers.score()).isZero();
        assertThat(breakers.value()).isEqualTo(1.0);
        assertThat(breakers.measured()).isEqualTo("stripe open until 10:42:37 UTC");
        assertThat(health.score()).isEqualTo(85);
        assertThat(health.recommendations()).containsExactly("payments: breaker stripe open since 10:42:07 UTC (5 failures "
                + "within PT1M) — its jobs wait without using attempts; a probe runs at 10:42:37 UTC");
    }

    @Test
    void aHalfOpenBreakerScoresHalfAndClosedOnesAreCounted() {
        BreakerState halfOpen = new BreakerState("stripe", BreakerState.Status.HALF_OPEN, NOW.minusSeconds(3), null, "probe");
        QueueHealth health = Inputs.idle("payments").breakers(halfOpen).score();
        assertThat(health.component(QueueHealth.BREAKERS).score()).isEqualTo(50);
        assertThat(health.recommendations()).containsExactly("payments: breaker stripe half-open since 10:44:57 UTC — one "
                + "probe job is testing the dependency; the others wait");
        assertThat(Inputs.idle("p").breakers(BreakerState.closed("a", NOW), BreakerState.closed("b", NOW)).score()
                .component(QueueHealth.BREAKERS).measured()).isEqualTo("all 2 closed");
    }

    @Test
    void readyJobsWithNoLiveNodeCapTheScoreAndSaySo() {
        QueueHealth health = Inputs.idle("mail").nodes(0, 0).waiting(12, Duration.ofSeconds(10)).score();

        assertThat(health.component(QueueHealth.LATENCY).score()).isEqualTo(100);
        assertThat(health.score()).isEqualTo(QueueHealth.NO_NODE_CAP);
        assertThat(health.cap()).isEqualTo("no live node serves mail while 12 jobs are ready");
        assertThat(health.recommendations()).containsExactly("mail: no live node serves the queue while 12 jobs are ready "
                + "— start a worker serving it (stevedore worker --queue mail)");
        assertThat(Inputs.idle("mail").nodes(0, 0).score().score()).as("nothing ready: nothing to serve").isEqualTo(100);
        QueueHealth dueOnly = Inputs.idle("mail").nodes(0, 0).waiting(0, Duration.ofMinutes(3)).score();
        assertThat(dueOnly.cap()).as("only a due job that no stager made available")
                .isEqualTo("no live node serves mail while due jobs wait to be made ready");
        assertThat(dueOnly.recommendations()).containsExactly("mail: no live node serves the queue while due jobs wait "
                + "to be made ready — start a worker serving it (stevedore worker --queue mail)");
    }

    @Test
    void aPausedQueueSaysSinceWhenAndHowToResumeInsteadOfAskingForCapacity() {
        QueueHealth health = Inputs.idle("mail").running(4, 4).waiting(40, Duration.ofMinutes(10))
                .paused(Instant.parse("2026-11-23T10:35:00Z")).score();
        assertThat(health.recommendations()).containsExactly("mail: paused since 10:35:00 UTC with 40 ready — nothing "
                + "starts until it is resumed (stevedore queues resume mail)");
    }

    @Test
    void recommendationsComeMostUrgentFirst() {
        BreakerState open = new BreakerState("smtp", BreakerState.Status.OPEN, NOW.minusSeconds(10), NOW.plusSeconds(20), "");
        QueueHealth health = Inputs.idle("mail").nodes(0, 0).waiting(5, Duration.ofMinutes(2)).stuck(0, 1)
                .attempts(1, 9, new FailureCount(ErrorCategory.TRANSIENT, 9, 1)).breakers(open).score();
        assertThat(health.recommendations()).extracting(r -> r.substring(0, 14)).containsExactly(
                "mail: no live ", "mail: breaker ", "mail: 100% of ", "mail: 1 job is");
        assertThat(health.score()).isLessThanOrEqualTo(QueueHealth.NO_NODE_CAP);
    }

    @Test
    void durationsAreWrittenShort() {
        assertThat(HealthAdvice.words(Duration.ofMillis(850))).isEqualTo("850ms");
        assertThat(HealthAdvice.words(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(HealthAdvice.words(Duration.ofSeconds(250))).isEqualTo("4m10s");
        assertThat(HealthAdvice.words(Duration.ofMinutes(125))).isEqualTo("2h05m");
        assertThat(HealthAdvice.words(Duration.ofHours(3))).isEqualTo("3h");
        assertThat(HealthAdvice.words(Duration.ofHours(76))).isEqualTo("3d4h");
    }

    @Test
    void theLatencyTargetIsValidated() {
        QueueOptions options = new QueueOptions();
        assertThat(options.latencyTarget(Duration.ofSeconds(30)).latencyTarget).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> options.latencyTarget(Duration.ofMillis(500))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("latencyTarget must be in [PT1S, PT168H], was PT0.5S");
        assertThatThrownBy(() -> options.latencyTarget(Duration.ofDays(8))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.latencyTarget(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void theSamplerRecordsReadyAndRunningOfQueuesWithJobsAndOfDeclaredEmptyOnes() {
        List<QueueSample> samples = QueueSampler.samples(NOW, List.of(
                new dev.stevedore.spi.QueueCount("ai", JobState.AVAILABLE, 7),
                new dev.stevedore.spi.QueueCount("ai", JobState.RUNNING, 4),
                new dev.stevedore.spi.QueueCount("ai", JobState.COMPLETED, 900),
                new dev.stevedore.spi.QueueCount("mail", JobState.SCHEDULED, 3)), List.of("reports", "ai"));
        assertThat(samples).containsExactly(new QueueSample("ai", NOW, 7, 4), new QueueSample("mail", NOW, 0, 0),
                new QueueSample("reports", NOW, 0, 0));
    }
}
