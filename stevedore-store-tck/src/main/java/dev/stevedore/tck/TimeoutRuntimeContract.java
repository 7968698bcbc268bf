package dev.stevedore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.stevedore.AttemptError;
import dev.stevedore.ErrorCategory;
import dev.stevedore.Job;
import dev.stevedore.JobEvent;
import dev.stevedore.JobKind;
import dev.stevedore.JobState;
import dev.stevedore.Outcome;
import dev.stevedore.RetryPolicy;
import dev.stevedore.Stevedore;
import dev.stevedore.StevedoreBuilder;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The four time limits end to end, through a node on a real store: a start deadline, a job deadline
 * across retries, a heartbeat timeout and the per-attempt timeout. Run as a {@code @Nested} group of
 * {@link RuntimeContract}, so every store runs it unchanged. Each test checks the job's final state,
 * that its handler ran (or did not) as often as it should, and that the recorded error names the limit
 * and its value. Timings are short (fractions of a second) and every wait is on a condition.
 */
public abstract class TimeoutRuntimeContract {
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** A job whose handler does what {@code how} says; {@code key} counts its runs. */
    @JobKind("tck.timed")
    public record Timed(String key, String how) {}

    /** Jobs of a kind that declares every limit of its own. */
    @JobKind("tck.limited")
    public record Limited(String key) {}

    private Stevedore node;
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    private final List<JobEvent> events = new CopyOnWriteArrayList<>();

    /** The enclosing contract's nodes. */
    protected abstract ContractNodes nodes();

    private Stevedore start() {
        return start(b -> {});
    }

    /** The contract's node with the handlers here; it stops it after each test. */
    private Stevedore start(Consumer<StevedoreBuilder> extra) {
        node = nodes().start(builder -> {
            builder.listener(events::add)
                    .handle(Timed.class, (ctx, job) -> {
                        int run = runs.computeIfAbsent(job.key(), k -> new AtomicInteger()).incrementAndGet();
                        switch (job.how()) {
                            case "complete" -> { }
                            case "sleep" -> Thread.sleep(60_000);
                            case "fail" -> throw new IOException("upstream down (run " + run + ")");
                            case "fail-once" -> {
                                if (run == 1) throw new IOException("upstream down once");
                            }
                            case "snooze" -> throw Outcome.snooze(Duration.ofHours(1));
                            case "beat", "progress" -> {
                                for (int i = 1; i <= 8; i++) {
                                    Thread.sleep(100);
                                    if (job.how().equals("beat")) {
                                        ctx.heartbeat();
                                    } else {
                                        ctx.progress(i * 10, "step " + i);
                                    }
                                }
                            }
                            default -> throw new IllegalStateException("unknown behaviour " + job.how());
                        }
                    })
                    .handle(Limited.class, (ctx, job) -> {
                        runs.computeIfAbsent(job.key(), k -> new AtomicInteger()).incrementAndGet();
                        Thread.sleep(60_000);
                    }, k -> k.startWithin(Duration.ofHours(1)).deadline(Duration.ofHours(2))
                            .heartbeatTimeout(Duration.ofMillis(300)).maxAttempts(1));
            extra.accept(builder);
        });
        return node;
    }

    private StoreFixture fixture() {
        return nodes().fixture();
    }

    private Job awaitFinal(long id) {
        await().atMost(WAIT).until(() -> node.job(id).map(j -> j.state().isFinal()).orElse(false));
        return node.job(id).orElseThrow();
    }

    private int runsOf(String key) {
        return runs.getOrDefault(key, new AtomicInteger()).get();
    }

    private static AttemptError lastError(Job job) {
        return job.errors().get(job.errors().size() - 1);
    }

    // ---- start deadline ----------------------------------------------------------------------------

    @Test
    void aJobNobodyStartsInTimeIsDiscardedByTheLeaderWithoutRunning() {
        start().pauseQueue("default");
        long id = node.enqueue(new Timed("unclaimed", "complete"), o -> o.startWithin(Duration.ofMillis(200))).id();

        Job job = awaitFinal(id);

        assertThat(job.state()).isEqualTo(JobState.DISCARDED);
        assertThat(job.attempt()).isZero();
        assertThat(runsOf("unclaimed")).isZero();
        assertThat(job.errorCategory()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(job.errors()).singleElement().satisfies(e -> {
            assertThat(e.errorClass()).isEqualTo("dev.stevedore.StartDeadline");
            assertThat(e.message()).contains("startWithin PT0.2S", "without running");
        });
        await().atMost(WAIT).until(() -> events.stream()
                .anyMatch(e -> e.type() == JobEvent.Type.DISCARDED && e.job().id() == id));
    }

    @Test
    void aJobClaimedAfterItsStartDeadlineIsDiscardedByItsNodeWithoutRunning() {
        // Another node holds the leadership: no sweep here, so only the claiming node can refuse the job.
        assertThat(fixture().secondStore().leaderElect("a-leader-elsewhere", Duration.ofMinutes(10))).isTrue();
        start().pauseQueue("default");
        long id = node.enqueue(new Timed("late", "complete"), o -> o.startWithin(Duration.ofMillis(100))).id();
        Instant startBy = node.job(id).orElseThrow().startBy();
        await().atMost(WAIT).until(() -> fixture().store().now().isAfter(startBy));
        node.resumeQueue("default");

        Job job = awaitFinal(id);

        assertThat(job.state()).isEqualTo(JobState.DISCARDED);
        assertThat(job.attempt()).as("claimed once").isEqualTo(1);
        assertThat(runsOf("late")).isZero();
        assertThat(lastError(job).errorClass()).isEqualTo("dev.stevedore.StartDeadline");
        assertThat(lastError(job).message()).contains("startWithin PT0.1S", "claimed at", node.nodeId());
    }

    @Test
    void aScheduledJobHasItsStartDeadlineCountedFromItsRunAt() {
        start();
        long id = node.enqueue(new Timed("scheduled", "complete"),
                o -> o.in(Duration.ofMillis(1500)).startWithin(Duration.ofSeconds(1))).id();

        Job job = awaitFinal(id);

        assertThat(job.state()).as("due at +1.5 s, so it may start until +2.5 s").isEqualTo(JobState.COMPLETED);
        assertThat(job.startBy()).isEqualTo(job.scheduledAt().plus(Duration.ofSeconds(1)));
    }

    @Test
    void retriesAreNotBoundByTheStartDeadline() {
        start(b -> b.defaultRetry(RetryPolicy.fixed(Duration.ofMillis(1200))));
        long id = node.enqueue(new Timed("retried", "fail-once"), o -> o.startWithin(Duration.ofSeconds(1))).id();

        Job job = awaitFinal(id);

        assertThat(job.state()).isEqualTo(JobState.COMPLETED);
        assertThat(job.attempt()).isEqualTo(2);
        assertThat(job.attemptedAt()).as("the retry started after the start deadline").isAfter(job.startBy());
    }

    // ---- job deadline ------------------------------------------------------------------------------

    @Test
    void aFailureWhoseRetryWouldStartAfterTheDeadlineIsDiscardedSayingSo() {
        start(b -> b.defaultRetry(RetryPolicy.fixed(Duration.ofMinutes(10))));
        long id = node.enqueue(new Timed("hopeless", "fail"), o -> o.deadline(Duration.ofMinutes(1))).id();

        Job job = awaitFinal(id);

        assertThat(job.state()).isEqualTo(JobState.DISCARDED);
        assertThat(job.attempt()).as("attempts were left, time was not").isEqualTo(1);
        assertThat(job.errors()).singleElement().satisfies(e -> {
            assertThat(e.errorClass()).isEqualTo("java.io.IOException");
            assertThat(e.message()).startsWith("upstream down (run 1)")
                    .contains("not retried", "(in PT10M)", "job deadline " + job.deadline());
        });
    }

    @Test
    void anAttemptIsInterruptedAtTheJobDeadlineAndNotRetried() {
        start();
        long id = node.enqueue(new Timed("cut-short", "sleep"), o -> o.deadline(Duration.ofMillis(1500))).id();

        Job job = awaitFinal(id);

        assertThat(job.state()).isEqualTo(JobState.DISCARDED);
        assertThat(runsOf("cut-short")).isEqualTo(1);
        assertThat(job.errorCategory()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(job.errors()).singleElement().satisfies(e -> {
            assertThat(e.errorClass()).isEqualTo("dev.stevedore.JobDeadline");
            assertThat(e.message()).contains("job deadline " + job.deadline(), "during attempt 1",
                    "InterruptedException", "not retried");
            assertThat(e.duration()).as("capped, not the 30 minute timeout").isLessThan(Duration.ofSeconds(10));
        });
    }

    @Test
    void aJobWaitingPastItsDeadlineIsDiscardedByTheLeader() {
        start().pauseQueue("default");
        long id = node.enqueue(new Timed("waiting", "complete"), o -> o.deadline(Duration.ofMillis(200))).id();

        Job job = awaitFinal(id);

        assertThat(job.state()).isEqualTo(JobState.DISCARDED);
        assertThat(runsOf("waiting")).isZero();
        assertThat(job.errors()).singleElement().satisfies(e -> {
            assertThat(e.errorClass()).isEqualTo("dev.stevedore.JobDeadline");
            assertThat(e.message()).contains("while the job was available");
        });
    }

    @Test
    void aSnoozeThatWouldWakeAfterTheDeadlineDiscardsTheJob() {
        start();
        long id = node.enqueue(new Timed("sleepy", "snooze"), o -> o.deadline(Duration.ofMinutes(5))).id();

        Job job = awaitFinal(id);

        assertThat(job.state()).isEqualTo(JobState.DISCARDED);
        assertThat(lastError(job).errorClass()).isEqualTo("dev.stevedore.JobDeadline");
        assertThat(lastError(job).message()).contains("snoozed for PT1H", "job deadline " + job.deadline());
    }

    @Test
    void anEnqueueWhoseDeadlineComesBeforeTheJobIsDueIsRefused() {
        start();
        assertThatThrownBy(() -> node.enqueue(new Timed("never", "complete"),
                o -> o.in(Duration.ofHours(2)).deadline(Duration.ofHours(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("could never run");
        assertThatThrownBy(() -> node.enqueue(new Timed("never", "complete"),
                o -> o.deadline(Instant.now().minusSeconds(5))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has already passed");
    }

    // ---- heartbeat timeout -------------------------------------------------------------------------

    @Test
    void aSilentHandlerIsInterruptedAtItsHeartbeatTimeoutAndRetriedLikeAnyTimeout() {
        start();
        long id = node.enqueue(new Timed("silent", "sleep"),
                o -> o.heartbeatTimeout(Duration.ofMillis(300)).maxAttempts(2)).id();

        Job job = awaitFinal(id);

        assertThat(job.state()).isEqualTo(JobState.DISCARDED);
        assertThat(runsOf("silent")).as("retried once, per maxAttempts").isEqualTo(2);
        assertThat(job.errors()).hasSize(2).allSatisfy(e -> {
            assertThat(e.errorClass()).isEqualTo("dev.stevedore.HeartbeatTimeout");
            assertThat(e.category()).isEqualTo(ErrorCategory.TIMEOUT);
            assertThat(e.message()).contains("heartbeatTimeout PT0.3S", "InterruptedException");
            assertThat(e.duration()).isLessThan(Duration.ofSeconds(10));
        });
    }

    @Test
    void heartbeatsAndProgressReportsKeepALongJobAlive() {
        start();
        long beating = node.enqueue(new Timed("beating", "beat"), o -> o.heartbeatTimeout(Duration.ofMillis(500))).id();
        long reporting = node.enqueue(new Timed("reporting", "progress"), o -> o.heartbeatTimeout(Duration.ofMillis(500))).id();

        assertThat(awaitFinal(beating).state()).as("ran 800 ms, beating every 100 ms").isEqualTo(JobState.COMPLETED);
        assertThat(awaitFinal(reporting).state()).isEqualTo(JobState.COMPLETED);
        assertThat(node.job(beating).orElseThrow().heartbeatTimeout()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aKindsOwnLimitsApplyToItsJobs() {
        start();
        long id = node.enqueue(new Limited("kind")).id();
        Job stored = node.job(id).orElseThrow();
        assertThat(stored.startBy()).isEqualTo(stored.scheduledAt().plus(Duration.ofHours(1)));
        assertThat(stored.deadline()).isEqualTo(stored.createdAt().plus(Duration.ofHours(2)));
        assertThat(stored.heartbeatTimeout()).as("read from the kind where the job runs").isNull();

        Job job = awaitFinal(id);

        assertThat(job.state()).isEqualTo(JobState.DISCARDED);
        assertThat(lastError(job).errorClass()).isEqualTo("dev.stevedore.HeartbeatTimeout");
        assertThat(lastError(job).message()).contains("heartbeatTimeout PT0.3S");
        Instant absolute = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MILLIS);
        Job overridden = node.job(node.enqueue(new Limited("override"), o -> o.deadline(absolute)).id()).orElseThrow();
        assertThat(overridden.deadline()).as("the enqueue's deadline replaces the kind's").isEqualTo(absolute);
    }

    // ---- per-attempt timeout -----------------------------------------------------------------------

    @Test
    void anAttemptTimeoutSaysWhichLimitFiredAndItsValue() {
        start();
        long id = node.enqueue(new Timed("slow", "sleep"), o -> o.timeout(Duration.ofMillis(200)).maxAttempts(1)).id();

        Job job = awaitFinal(id);

        assertThat(job.state()).isEqualTo(JobState.DISCARDED);
        assertThat(job.errors()).singleElement().satisfies(e -> {
            assertThat(e.errorClass()).isEqualTo("dev.stevedore.AttemptTimeout");
            assertThat(e.category()).isEqualTo(ErrorCategory.TIMEOUT);
            assertThat(e.message()).contains("timeout PT0.2S", "interrupted", "InterruptedException");
            assertThat(e.stack()).as("where the handler was").contains("Thread.sleep");
        });
    }
}
