package dev.stevedore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.AlertChange;
import dev.stevedore.BreakerChange;
import dev.stevedore.BreakerState;
import dev.stevedore.IssueChange;
import dev.stevedore.JobEvent;
import dev.stevedore.JobKind;
import dev.stevedore.JobState;
import dev.stevedore.Outcome;
import dev.stevedore.QueueChange;
import dev.stevedore.RetryPolicy;
import dev.stevedore.Stevedore;
import dev.stevedore.StevedoreEvent;
import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.NewJob;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every kind of {@link StevedoreEvent} through a real node: each job event type, a breaker opening, a
 * queue paused and resumed (pausing twice publishes once), an issue opened and regressed, an alert
 * fired and resolved; each observed once, by a listener that sits after one that throws.
 */
public abstract class EventRuntimeContract {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** A job whose handler does what {@code how} says. */
    @JobKind("tck.events")
    public record Act(String how) {}

    /** A job of the kind the breaker guards: fails until told otherwise. */
    @JobKind("tck.events.guarded")
    public record Guarded(String key) {}

    private StoreFixture fixture;
    private Stevedore node;
    private final List<StevedoreEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger thrown = new AtomicInteger();
    private final Map<String, AtomicInteger> runs = new java.util.concurrent.ConcurrentHashMap<>();

    /** A fresh, migrated, isolated store for each test. */
    protected abstract StoreFixture createFixture();

    @BeforeEach
    void setUp() {
        fixture = createFixture();
        node = FastTimings.builder(fixture.store())
                .defaultRetry(RetryPolicy.fixed(Duration.ofMillis(10)))
                .onEvent(event -> {
                    thrown.incrementAndGet();
                    throw new IllegalStateException("a listener that throws must not stop the others");
                })
                .onEvent(events::add)
                .handle(Act.class, (ctx, job) -> {
                    int run = runs.computeIfAbsent(job.how(), k -> new AtomicInteger()).incrementAndGet();
                    switch (job.how()) {
                        case "complete" -> { }
                        case "fail-once" -> {
                            if (run == 1) {
                                throw new IOException("flaky once");
                            }
                        }
                        case "fail" -> throw new IOException("down for good");
                        case "auth" -> throw new SecurityException("token expired");
                        case "cancel" -> throw Outcome.cancel("not wanted");
                        case "snooze" -> {
                            if (run == 1) {
                                throw Outcome.snooze(Duration.ofMillis(20));
                            }
                        }
                        default -> throw new IllegalArgumentException(job.how());
                    }
                })
                .handle(Guarded.class, (ctx, job) -> {
                    throw new IOException("dependency down");
                })
                .breaker("dependency", b -> b.kinds(Guarded.class).openAfter(1, Duration.ofMinutes(1))
                        .coolDown(Duration.ofMinutes(10)))
                .alert("unserved", a -> a.noLiveNode().coolDown(Duration.ZERO))
                .alertInterval(Duration.ofMillis(100))
                .queue("default", q -> q.concurrency(4))
                .build();
        node.start();
    }

    @AfterEach
    void tearDown() {
        node.stop();
        fixture.close();
    }

    private long enqueue(String how, int maxAttempts) {
        return node.enqueue(new Act(how), o -> o.maxAttempts(maxAttempts)).id();
    }

    private <T extends StevedoreEvent> List<T> seen(Class<T> type, Predicate<T> which) {
        return events.stream().filter(type::isInstance).map(type::cast).filter(which).toList();
    }

    private List<JobEvent> jobEvents(long jobId, JobEvent.Type type) {
        return seen(JobEvent.class, e -> e.job().id() == jobId && e.type() == type);
    }

    private void awaitState(long id, JobState state) {
        await().atMost(WAIT).until(() -> node.job(id).orElseThrow().state() == state);
    }

    @Test
    void eachJobEventIsPublishedOnceAfterItIsStored() {
        long completed = enqueue("complete", 3);
        long retried = enqueue("fail-once", 3);
        long discarded = enqueue("fail", 1);
        long held = enqueue("auth", 3);
        long cancelled = enqueue("cancel", 3);
        long snoozed = enqueue("snooze", 3);

        for (long id : List.of(completed, retried, snoozed)) {
            awaitState(id, JobState.COMPLETED);
        }
        awaitState(discarded, JobState.DISCARDED);
        awaitState(held, JobState.HELD);
        awaitState(cancelled, JobState.CANCELLED);
        await().atMost(WAIT).until(() -> jobEvents(snoozed, JobEvent.Type.COMPLETED).size() == 1
                && jobEvents(completed, JobEvent.Type.COMPLETED).size() == 1);

        assertThat(jobEvents(completed, JobEvent.Type.STARTED)).hasSize(1);
        assertThat(jobEvents(completed, JobEvent.Type.COMPLETED)).hasSize(1);
        assertThat(jobEvents(retried, JobEvent.Type.RETRY_SCHEDULED)).hasSize(1);
        assertThat(jobEvents(retried, JobEvent.Type.STARTED)).hasSize(2);
        assertThat(jobEvents(discarded, JobEvent.Type.DISCARDED)).singleElement()
                .satisfies(e -> assertThat(e.error().errorClass()).isEqualTo("java.io.IOException"));
        assertThat(jobEvents(held, JobEvent.Type.HELD)).hasSize(1);
        assertThat(jobEvents(cancelled, JobEvent.Type.CANCELLED)).hasSize(1);
        assertThat(jobEvents(snoozed, JobEvent.Type.SNOOZED)).hasSize(1);
        assertThat(thrown.get()).as("the throwing listener saw them too").isGreaterThanOrEqualTo(events.size());
    }

    @Test
    void aJobRescuedFromALostNodeIsPublishedByTheLeader() {
        // A queue this node does not serve, claimed by a node that never beats: the leader rescues it.
        long id = fixture.store().jobInsertMany(List.of(new NewJob("tck.events", "lost", "{\"how\":\"complete\"}",
                0, 3, JobState.AVAILABLE, null, Duration.ZERO, null, List.of(), Map.of()))).get(0);
        assertThat(fixture.store().jobClaim(new ClaimRequest("lost", "ghost", 1))).hasSize(1);

        await().atMost(WAIT).until(() -> jobEvents(id, JobEvent.Type.RESCUED).size() == 1);
        assertThat(node.job(id).orElseThrow().state()).isIn(JobState.RETRYABLE, JobState.AVAILABLE);
        assertThat(jobEvents(id, JobEvent.Type.RESCUED)).singleElement()
                .satisfies(e -> assertThat(e.error().errorClass()).isEqualTo("dev.stevedore.NodeLost"));
    }

    @Test
    void aJobWhoseNodeDiesThreeTimesIsQuarantinedAndPublishedSo() {
        // As above, three times over: the default crash limit is 3 within an hour.
        long id = fixture.store().jobInsertMany(List.of(new NewJob("tck.events", "lost", "{\"how\":\"complete\"}",
                0, 3, JobState.AVAILABLE, null, Duration.ZERO, null, List.of(), Map.of()))).get(0);
        for (int crash = 1; crash <= 3; crash++) {
            await().atMost(WAIT).until(() -> !fixture.store().jobClaim(new ClaimRequest("lost", "ghost", 1)).isEmpty());
            int crashes = crash;
            await().atMost(WAIT).until(() -> jobEvents(id, JobEvent.Type.RESCUED).size()
                    + jobEvents(id, JobEvent.Type.QUARANTINED).size() == crashes);
        }

        assertThat(jobEvents(id, JobEvent.Type.RESCUED)).hasSize(2);
        assertThat(jobEvents(id, JobEvent.Type.QUARANTINED)).singleElement().satisfies(e -> {
            assertThat(e.job().quarantined()).isTrue();
            assertThat(e.error().message()).contains("quarantined after crashing its worker 3 time(s)");
        });
        assertThat(node.job(id).orElseThrow().state()).isEqualTo(JobState.HELD);
    }

    @Test
    void pausingAndResumingAQueuePublishOnceEach() {
        node.pauseQueue("default");
        node.pauseQueue("default");
        assertThat(node.resumeQueue("default")).isTrue();
        assertThat(node.resumeQueue("default")).isFalse();

        assertThat(seen(QueueChange.class, c -> true)).containsExactly(
                new QueueChange("default", QueueChange.Type.PAUSED), new QueueChange("default", QueueChange.Type.RESUMED));
    }

    @Test
    void aBreakerOpeningIsPublishedOnce() {
        node.enqueue(new Guarded("a"), o -> o.maxAttempts(5));

        await().atMost(WAIT).until(() -> !seen(BreakerChange.class, c -> c.to() == BreakerState.Status.OPEN).isEmpty());
        assertThat(seen(BreakerChange.class, c -> true)).singleElement().satisfies(c -> {
            assertThat(c.breaker()).isEqualTo("dependency");
            assertThat(c.from()).isEqualTo(BreakerState.Status.CLOSED);
        });
    }

    @Test
    void anIssueIsPublishedWhenItOpensAndWhenItRegressesNotForEachFailure() {
        long first = enqueue("fail", 1);
        long second = enqueue("fail", 1);
        awaitState(first, JobState.DISCARDED);
        awaitState(second, JobState.DISCARDED);
        await().atMost(WAIT).until(() -> node.failures(dev.stevedore.FailureQuery.newest(10)).size() == 2);
        await().atMost(WAIT).until(() -> !seen(IssueChange.class, c -> true).isEmpty());
        IssueChange opened = seen(IssueChange.class, c -> true).get(0);
        assertThat(opened.type()).isEqualTo(IssueChange.Type.OPENED);
        assertThat(opened.kind()).isEqualTo("tck.events");

        node.resolveIssue(opened.issueId()).orElseThrow();
        awaitState(enqueue("fail", 1), JobState.DISCARDED);

        await().atMost(WAIT).until(() -> seen(IssueChange.class, c -> true).size() == 2);
        assertThat(seen(IssueChange.class, c -> true)).extracting(IssueChange::type, IssueChange::issueId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(IssueChange.Type.OPENED, opened.issueId()),
                        org.assertj.core.groups.Tuple.tuple(IssueChange.Type.REGRESSED, opened.issueId()));
    }

    @Test
    void anAlertFiringAndResolvingIsPublishedOnceEachOnTheLeader() {
        long orphan = node.enqueue(new Act("complete"), o -> o.queue("orphan")).id();

        await().atMost(WAIT).until(() -> !seen(AlertChange.class, c -> c.type() == AlertChange.Type.FIRED).isEmpty());
        node.cancel(orphan);
        await().atMost(WAIT).until(() -> !seen(AlertChange.class, c -> c.type() == AlertChange.Type.RESOLVED).isEmpty());

        List<AlertChange> changes = seen(AlertChange.class, c -> true);
        assertThat(changes).extracting(AlertChange::type)
                .containsExactly(AlertChange.Type.FIRED, AlertChange.Type.RESOLVED);
        assertThat(changes).allSatisfy(c -> {
            assertThat(c.alert().rule()).isEqualTo("unserved");
            assertThat(c.alert().subject()).isEqualTo("orphan");
        });
        assertThat(changes.get(1).alert().id()).isEqualTo(changes.get(0).alert().id());
    }
}
