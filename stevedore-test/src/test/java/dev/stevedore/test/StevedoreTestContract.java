package dev.stevedore.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.Enqueued;
import dev.stevedore.Job;
import dev.stevedore.JobKind;
import dev.stevedore.JobState;
import dev.stevedore.RetryPolicy;
import dev.stevedore.Stevedore;
import dev.stevedore.StevedoreBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What {@link StevedoreTest} promises, run against each store by a subclass. */
abstract class StevedoreTestContract {
    @JobKind("test.greet")
    record Greet(String name) {}

    @JobKind("test.flaky")
    record Flaky(String key) {}

    @JobKind("test.echo")
    record Echo(int generation) {}

    @JobKind("test.tick")
    record Tick() {}

    @JobKind("test.batch-done")
    record BatchDone(String label) {}

    /** No handler is registered for it. */
    @JobKind("test.unhandled")
    record Unhandled() {}

    /** Retries of {@link Flaky} come exactly this long after a failure: no jitter to reason about. */
    static final Duration FLAKY_BACKOFF = Duration.ofMinutes(10);

    /** What the handlers did, in order, e.g. {@code "greet:ada"}. */
    final List<String> handled = new CopyOnWriteArrayList<>();
    /** The thread each {@link Greet} ran on. */
    final List<Thread> greetThreads = new CopyOnWriteArrayList<>();
    /** Failures still to come per {@link Flaky} key. */
    final Map<String, AtomicInteger> flakyFailures = new ConcurrentHashMap<>();
    final AtomicReference<Stevedore> node = new AtomicReference<>();
    private StevedoreTest test;

    /** The store under test: {@code builder} pointed at it. */
    abstract StevedoreTestBuilder onStore(StevedoreTestBuilder builder);

    /** Whether what the test's store created (file, schema) still exists. */
    abstract boolean storeExists(TestStore store);

    void jobs(StevedoreBuilder b) {
        b.handle(Greet.class, (ctx, g) -> {
            greetThreads.add(Thread.currentThread());
            handled.add("greet:" + g.name());
        });
        b.handle(Flaky.class, (ctx, f) -> {
            AtomicInteger left = flakyFailures.computeIfAbsent(f.key(), k -> new AtomicInteger());
            if (left.getAndDecrement() > 0) {
                throw new IllegalStateException("smtp down for " + f.key());
            }
            handled.add("flaky:" + f.key() + "@" + ctx.attempt());
        }, k -> k.retry(RetryPolicy.fixed(FLAKY_BACKOFF)));
        b.handle(Echo.class, (ctx, e) -> {
            handled.add("echo:" + e.generation());
            node.get().enqueue(new Echo(e.generation() + 1));
        });
        b.handle(Tick.class, (ctx, t) -> handled.add("tick"));
        b.handle(BatchDone.class, (ctx, d) -> handled.add("done:" + d.label()));
    }

    /** The builder on the store under test, with an hourly {@link Tick}. */
    StevedoreTestBuilder withHourlyTick(StevedoreTest.Mode mode) {
        return onStore(StevedoreTest.builder()).mode(mode).configure(b -> b.cron("hourly", "0 * * * *", new Tick()));
    }

    StevedoreTest start(StevedoreTest.Mode mode) {
        return start(onStore(StevedoreTest.builder()).mode(mode));
    }

    StevedoreTest start(StevedoreTestBuilder builder) {
        test = builder.configure(this::jobs).build();
        node.set(test.stevedore());
        return test;
    }

    @AfterEach
    void closeTest() {
        if (test != null) {
            test.close();
        }
    }

    // ---- inline ------------------------------------------------------------------------------------

    @Test
    void inlineRunsTheJobAtEnqueueOnTheCallersThread() {
        StevedoreTest t = start(StevedoreTest.Mode.INLINE);
        Enqueued enqueued = t.stevedore().enqueue(new Greet("ada"));

        assertThat(handled).containsExactly("greet:ada");
        assertThat(greetThreads).containsExactly(Thread.currentThread());
        assertThat(t.stevedore().job(enqueued.id()).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
        assertThat(t.enqueued()).isEmpty();
    }

    @Test
    void inlineFailureSurfacesFromTheEnqueueAndItsRetryIsRecorded() {
        StevedoreTest t = start(StevedoreTest.Mode.INLINE);
        flakyFailures.put("welcome", new AtomicInteger(1));

        assertThatThrownBy(() -> t.stevedore().enqueue(new Flaky("welcome")))
                .isInstanceOfSatisfying(JobFailedError.class, failure -> {
                    assertThat(failure.job().state()).isEqualTo(JobState.RETRYABLE);
                    assertThat(failure.job().errors()).singleElement()
                            .satisfies(e -> assertThat(e.message()).isEqualTo("smtp down for welcome"));
                })
                .hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("test.flaky")
                .hasMessageContaining("attempt 1 of 20")
                .hasMessageContaining("retryable");
        assertThat(t.assertEnqueued(Flaky.class)).singleElement()
                .satisfies(job -> assertThat(job.state()).isEqualTo(JobState.RETRYABLE));

        t.advance(FLAKY_BACKOFF.plusMinutes(1)); // inline: the due retry runs inside advance

        assertThat(handled).containsExactly("flaky:welcome@2");
        assertThat(t.enqueued()).isEmpty();
    }

    @Test
    void inlineRunsABatchAndItsCallbackAtEnqueue() {
        StevedoreTest t = start(StevedoreTest.Mode.INLINE);
        long batchId = t.stevedore().enqueueBatch(b -> b.add(new Greet("a")).add(new Greet("b"))
                .onSuccess(new BatchDone("greetings"))).id();

        assertThat(handled).containsExactlyInAnyOrder("greet:a", "greet:b", "done:greetings");
        assertThat(handled.getLast()).isEqualTo("done:greetings");
        assertThat(t.stevedore().batch(batchId).orElseThrow().finished()).isTrue();
    }

    @Test
    void inlineSurfacesAJobNobodyHandles() {
        StevedoreTest t = start(StevedoreTest.Mode.INLINE);
        assertThatThrownBy(() -> t.stevedore().enqueue(new Unhandled()))
                .isInstanceOfSatisfying(JobFailedError.class,
                        failure -> assertThat(failure.job().state()).isEqualTo(JobState.HELD))
                .hasMessageContaining("no handler for kind \"test.unhandled\"")
                .hasNoCause();
    }

    @Test
    void inlineRunsWhatAHandlerEnqueuesInTheSameCall() {
        StevedoreTest t = start(onStore(StevedoreTest.builder()).inline().maxRounds(5));
        assertThatThrownBy(() -> t.stevedore().enqueue(new Echo(1)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("gave up after 5 rounds");
        assertThat(handled).containsExactly("echo:1", "echo:2", "echo:3", "echo:4", "echo:5");
    }

    // ---- manual mode and assertions ----------------------------------------------------------------

    @Test
    void manualModeRunsNothingAtEnqueueAndAssertEnqueuedReadsTheStore() {
        StevedoreTest t = start(StevedoreTest.Mode.MANUAL);
        t.stevedore().enqueue(new Greet("ada"), o -> o.queue("mail"));

        assertThat(handled).isEmpty();
        assertThat(t.assertEnqueued(Greet.class, g -> g.name().equals("ada"))).singleElement()
                .satisfies(job -> assertThat(job.queue()).isEqualTo("mail"));
        assertThat(t.assertEnqueued("test.greet", args -> "ada".equals(args.get("name")))).hasSize(1);
        assertThat(t.enqueued("mail")).extracting(job -> t.args(job, Greet.class)).containsExactly(new Greet("ada"));
        assertThat(t.enqueued("default")).isEmpty();
        t.assertNotEnqueued(Greet.class, g -> g.name().equals("bob"));
        t.assertNotEnqueued(Flaky.class);
    }

    @Test
    void assertEnqueuedFailsListingWhatWasEnqueued() {
        StevedoreTest t = start(StevedoreTest.Mode.MANUAL);
        t.stevedore().enqueue(new Greet("ada"), o -> o.queue("mail"));
        t.stevedore().enqueue(new Flaky("bob"), o -> o.in(Duration.ofHours(1)));

        assertThatThrownBy(() -> t.assertEnqueued(Greet.class, g -> g.name().equals("cy")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected an enqueued job of kind \"test.greet\"")
                .hasMessageContaining("Enqueued (2):")
                .hasMessageContaining("test.greet queue=mail available args={\"name\":\"ada\"}")
                .hasMessageContaining("test.flaky queue=default scheduled due ");
        assertThatThrownBy(() -> t.assertEnqueued("test.tick"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("of kind \"test.tick\"");
    }

    @Test
    void assertNotEnqueuedFailsNamingTheMatches() {
        StevedoreTest t = start(StevedoreTest.Mode.MANUAL);
        t.stevedore().enqueue(new Greet("ada"));

        assertThatThrownBy(() -> t.assertNotEnqueued(Greet.class))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected no enqueued job of kind \"test.greet\"")
                .hasMessageContaining("found 1:")
                .hasMessageContaining("args={\"name\":\"ada\"}");
    }

    // ---- drainUntilIdle and the clock -----------------------------------------------------------

    @Test
    void drainRunsARetryOnlyOnceTheClockPassesItsBackoff() {
        StevedoreTest t = start(StevedoreTest.Mode.MANUAL);
        flakyFailures.put("k", new AtomicInteger(1));
        long id = t.stevedore().enqueue(new Flaky("k")).id();

        Drained first = t.drainUntilIdle();
        assertThat(first.count(JobState.RETRYABLE)).isEqualTo(1);
        assertThat(first.failures()).singleElement()
                .satisfies(f -> assertThat(f.getCause()).hasMessage("smtp down for k"));
        Instant due = t.stevedore().job(id).orElseThrow().scheduledAt();
        assertThat(due).isAfter(t.now().plus(FLAKY_BACKOFF).minusSeconds(60));

        t.advance(FLAKY_BACKOFF.minusMinutes(1));
        assertThat(t.drainUntilIdle().ran()).isEmpty();

        t.advance(Duration.ofMinutes(2));
        Drained second = t.drainUntilIdle();
        assertThat(second.ran()).singleElement().satisfies(job -> {
            assertThat(job.state()).isEqualTo(JobState.COMPLETED);
            assertThat(job.attempt()).isEqualTo(2);
        });
        assertThat(handled).containsExactly("flaky:k@2");
    }

    @Test
    void drainRunsAScheduledJobOnceItIsDue() {
        StevedoreTest t = start(StevedoreTest.Mode.MANUAL);
        t.stevedore().enqueue(new Greet("later"), o -> o.in(Duration.ofHours(1)));

        assertThat(t.drainUntilIdle().ran()).isEmpty();
        t.advance(Duration.ofMinutes(50));
        assertThat(t.drainUntilIdle().ran()).isEmpty();
        t.advance(Duration.ofMinutes(11));
        assertThat(t.drainUntilIdle().count(JobState.COMPLETED)).isEqualTo(1);
        assertThat(handled).containsExactly("greet:later");
    }

    @Test
    void everyCronTickOnTheWayFiresOnTime() {
        StevedoreTest t = start(withHourlyTick(StevedoreTest.Mode.MANUAL));
        assertThat(t.drainUntilIdle().ran()).isEmpty();

        t.advance(Duration.ofHours(3));

        assertThat(t.assertEnqueued(Tick.class)).hasSize(3)
                .allSatisfy(job -> assertThat(job.metadata()).containsKey("stevedore.cron.tick"));
        assertThat(t.drainUntilIdle().count(JobState.COMPLETED)).isEqualTo(3);
        assertThat(handled).containsExactly("tick", "tick", "tick");
    }

    @Test
    void inlineCronTicksRunAtEachTick() {
        StevedoreTest t = start(withHourlyTick(StevedoreTest.Mode.INLINE));
        t.advance(Duration.ofHours(3)); // three o'clocks in any three hours
        assertThat(handled).containsExactly("tick", "tick", "tick");
        assertThat(t.enqueued()).isEmpty();
    }

    @Test
    void drainRunsABatchAndThenItsCallback() {
        StevedoreTest t = start(StevedoreTest.Mode.MANUAL);
        long batchId = t.stevedore().enqueueBatch(b -> b.add(new Greet("a")).add(new Greet("b"))
                .onComplete(new BatchDone("greetings"))).id();

        Drained drained = t.drainUntilIdle();

        assertThat(handled).containsExactlyInAnyOrder("greet:a", "greet:b", "done:greetings");
        assertThat(handled.getLast()).isEqualTo("done:greetings");
        assertThat(drained.rounds()).isGreaterThanOrEqualTo(2);
        assertThat(drained.count(JobState.COMPLETED)).isEqualTo(3);
        assertThat(t.stevedore().batch(batchId).orElseThrow().finished()).isTrue();
    }

    @Test
    void drainRunsEveryJobUnderAConcurrencyLimitOneAfterAnother() {
        StevedoreTest t = start(onStore(StevedoreTest.builder())
                .configure(b -> b.limit("one-greeting", l -> l.kinds("test.greet").concurrency(1))));
        t.stevedore().enqueueMany(List.of(new Greet("a"), new Greet("b"), new Greet("c")), o -> {});

        assertThat(t.drainUntilIdle().count(JobState.COMPLETED)).isEqualTo(3);
        assertThat(handled).containsExactly("greet:a", "greet:b", "greet:c");
    }

    @Test
    void drainGivesUpOnAJobThatEnqueuesItselfForever() {
        StevedoreTest t = start(onStore(StevedoreTest.builder()).maxRounds(20));
        t.stevedore().enqueue(new Echo(1));

        assertThatThrownBy(t::drainUntilIdle)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("gave up after 20 rounds")
                .hasMessageContaining("enqueues itself")
                .hasMessageContaining("test.echo queue=default attempt=1 → completed");
        assertThat(handled).hasSize(20);
    }

    // ---- the store and the node ------------------------------------------------------------------

    @Test
    void theStoresClockMovesWithTheTest() {
        StevedoreTest t = start(StevedoreTest.Mode.MANUAL);
        t.advance(Duration.ofDays(2));
        long id = t.stevedore().enqueue(new Greet("ada"), o -> o.in(Duration.ofMinutes(5))).id();

        Job job = t.stevedore().job(id).orElseThrow();
        Instant realNow = Instant.now();
        assertThat(job.createdAt()).isAfter(realNow.plus(Duration.ofDays(1)));
        assertThat(job.scheduledAt()).isAfter(realNow.plus(Duration.ofDays(2)));
        assertThat(Duration.between(t.now(), job.scheduledAt())).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(6));
    }

    @Test
    void theNodeRefusesToStart() {
        StevedoreTest t = start(StevedoreTest.Mode.MANUAL);
        assertThatThrownBy(() -> t.stevedore().start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stevedore-test");
    }

    @Test
    void closeRemovesTheStore() {
        StevedoreTest t = start(StevedoreTest.Mode.MANUAL);
        t.stevedore().enqueue(new Greet("ada"));
        TestStore store = t.testStore();
        assertThat(storeExists(store)).isTrue();
        t.close();
        test = null;
        assertThat(storeExists(store)).isFalse();
    }

    @Test
    void advanceRefusesToGoBack() {
        StevedoreTest t = start(StevedoreTest.Mode.MANUAL);
        assertThatThrownBy(() -> t.advance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only moves forward");
    }
}
