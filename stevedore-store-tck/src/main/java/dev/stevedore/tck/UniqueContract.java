package dev.stevedore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.Enqueued;
import dev.stevedore.JobKind;
import dev.stevedore.JobState;
import dev.stevedore.Stevedore;
import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.JobFilter;
import dev.stevedore.spi.Store;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Unique jobs, through the public API on a real store: which enqueues count as duplicates, in which
 * states, and that the database (not the JVM) enforces it under concurrent enqueuers on two stores.
 */
public abstract class UniqueContract {
    @JobKind("tck.sync")
    public record Sync(long account, String reason) {}

    @JobKind("tck.report")
    public record Report(String day) {}

    private StoreFixture fixture;
    private Store store;
    private Stevedore stevedore;

    /** A fresh, migrated, isolated store for each test. */
    protected abstract StoreFixture createFixture();

    @BeforeEach
    void setUp() {
        fixture = createFixture();
        store = fixture.store();
        stevedore = node(store);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    /** An unstarted node: it only enqueues. Report is unique per kind (one per day's args). */
    private static Stevedore node(Store store) {
        return Stevedore.builder()
                .store(store)
                .handle(Sync.class, (ctx, job) -> {})
                .handle(Report.class, (ctx, job) -> {}, k -> k.unique(u -> u.byArgs()))
                .build();
    }

    private int jobsOfKind(String kind) {
        return store.jobList(new JobFilter(Set.of(), null, kind, null, 1000)).size();
    }

    @Test
    void anEqualJobIsRefusedAndTheExistingIdReturned() {
        Enqueued first = stevedore.enqueue(new Sync(1, "login"), o -> o.unique(u -> u.byArgs()));
        Enqueued again = stevedore.enqueue(new Sync(1, "login"), o -> o.unique(u -> u.byArgs()));
        Enqueued other = stevedore.enqueue(new Sync(1, "signup"), o -> o.unique(u -> u.byArgs()));

        assertThat(first.duplicate()).isFalse();
        assertThat(again.duplicate()).isTrue();
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.state()).isEqualTo(JobState.AVAILABLE);
        assertThat(other.duplicate()).isFalse();
        assertThat(other.id()).isNotEqualTo(first.id());
        assertThat(jobsOfKind("tck.sync")).isEqualTo(2);
    }

    @Test
    void chosenFieldsDecideAndOtherFieldsMayDiffer() {
        Enqueued first = stevedore.enqueue(new Sync(7, "a"), o -> o.unique(u -> u.byArgs("account")));
        Enqueued sameAccount = stevedore.enqueue(new Sync(7, "b"), o -> o.unique(u -> u.byArgs("account")));
        Enqueued otherAccount = stevedore.enqueue(new Sync(8, "a"), o -> o.unique(u -> u.byArgs("account")));

        assertThat(sameAccount).extracting(Enqueued::id, Enqueued::duplicate).containsExactly(first.id(), true);
        assertThat(otherAccount.duplicate()).isFalse();
        assertThatThrownBy(() -> stevedore.enqueue(new Sync(7, "a"), o -> o.unique(u -> u.byArgs("acount"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'acount'").hasMessageContaining("account, reason");
    }

    @Test
    void anExplicitKeyIgnoresTheArgumentsAndTheQueueCountsOnlyWhenAsked() {
        Enqueued first = stevedore.enqueue(new Sync(1, "a"), o -> o.unique(u -> u.byKey("nightly")));
        Enqueued sameKey = stevedore.enqueue(new Sync(2, "b"), o -> o.queue("other").unique(u -> u.byKey("nightly")));
        Enqueued byQueue = stevedore.enqueue(new Sync(2, "b"), o -> o.queue("other").unique(u -> u.byKey("nightly").byQueue()));
        Enqueued byQueueAgain = stevedore.enqueue(new Sync(3, "c"), o -> o.queue("other").unique(u -> u.byKey("nightly").byQueue()));

        assertThat(sameKey).extracting(Enqueued::id, Enqueued::duplicate).containsExactly(first.id(), true);
        assertThat(byQueue.duplicate()).isFalse();
        assertThat(byQueueAgain).extracting(Enqueued::id, Enqueued::duplicate).containsExactly(byQueue.id(), true);
    }

    @Test
    void aKindDeclaredUniqueIsUniqueWithoutSayingSoAtEnqueue() {
        Enqueued first = stevedore.enqueue(new Report("2026-11-23"));
        Enqueued again = stevedore.enqueue(new Report("2026-11-23"));
        Enqueued notUnique = stevedore.enqueue(new Sync(1, "x"));
        Enqueued notUniqueAgain = stevedore.enqueue(new Sync(1, "x"));

        assertThat(again).extracting(Enqueued::id, Enqueued::duplicate).containsExactly(first.id(), true);
        assertThat(notUniqueAgain.id()).isNotEqualTo(notUnique.id());
    }

    @Test
    void withoutAPeriodAFinishedJobFreesItsKey() {
        Enqueued first = stevedore.enqueue(new Sync(1, "a"), o -> o.unique(u -> u.byArgs()));
        runToCompletion(first.id());

        Enqueued next = stevedore.enqueue(new Sync(1, "a"), o -> o.unique(u -> u.byArgs()));
        assertThat(next.duplicate()).isFalse();
        assertThat(next.id()).isNotEqualTo(first.id());
    }

    @Test
    void withAPeriodACompletedJobStillBlocksItsPeriodButNotTheNext() {
        Instant hour = store.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(2));
        Enqueued first = stevedore.enqueue(new Sync(1, "a"),
                o -> o.at(hour.plusSeconds(60)).unique(u -> u.byArgs().period(Duration.ofHours(1))));
        Enqueued samePeriod = stevedore.enqueue(new Sync(1, "a"),
                o -> o.at(hour.plusSeconds(3000)).unique(u -> u.byArgs().period(Duration.ofHours(1))));
        Enqueued nextPeriod = stevedore.enqueue(new Sync(1, "a"),
                o -> o.at(hour.plusSeconds(3660)).unique(u -> u.byArgs().period(Duration.ofHours(1))));
        assertThat(samePeriod).extracting(Enqueued::id, Enqueued::duplicate).containsExactly(first.id(), true);
        assertThat(samePeriod.state()).isEqualTo(JobState.SCHEDULED);
        assertThat(nextPeriod.duplicate()).isFalse();

        // Now-run jobs bucket by the store's now: completed still counts within the period.
        Enqueued now = stevedore.enqueue(new Sync(2, "a"), o -> o.unique(u -> u.byArgs().period(Duration.ofDays(1))));
        runToCompletion(now.id());
        Enqueued afterCompletion = stevedore.enqueue(new Sync(2, "a"), o -> o.unique(u -> u.byArgs().period(Duration.ofDays(1))));
        assertThat(afterCompletion).extracting(Enqueued::id, Enqueued::duplicate, Enqueued::state)
                .containsExactly(now.id(), true, JobState.COMPLETED);
    }

    @Test
    void sixteenConcurrentEnqueuersOnTwoStoresInsertOneJob() throws Exception {
        try (Store second = fixture.secondStore()) {
            Stevedore other = node(second);
            int threads = 16;
            int perThread = 25;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<List<Enqueued>>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    Stevedore node = t % 2 == 0 ? stevedore : other;
                    Callable<List<Enqueued>> task = () -> {
                        start.await();
                        List<Enqueued> results = new ArrayList<>();
                        for (int i = 0; i < perThread; i++) {
                            results.add(node.enqueue(new Sync(42, "race"), o -> o.unique(u -> u.byArgs("account"))));
                        }
                        return results;
                    };
                    futures.add(pool.submit(task));
                }
                start.countDown();
                List<Enqueued> all = new ArrayList<>();
                for (Future<List<Enqueued>> f : futures) {
                    all.addAll(f.get());
                }
                assertThat(all).hasSize(threads * perThread);
                assertThat(all.stream().map(Enqueued::id).collect(Collectors.toSet())).hasSize(1);
                assertThat(all.stream().filter(e -> !e.duplicate()).count()).isEqualTo(1);
                assertThat(jobsOfKind("tck.sync")).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aRolledBackTransactionalEnqueueLeavesTheKeyFree() throws Exception {
        try (Connection tx = fixture.connection()) {
            tx.setAutoCommit(false);
            Enqueued inside = stevedore.enqueue(tx, new Sync(5, "tx"), o -> o.unique(u -> u.byArgs()));
            assertThat(inside.duplicate()).isFalse();
            Enqueued insideAgain = stevedore.enqueue(tx, new Sync(5, "tx"), o -> o.unique(u -> u.byArgs()));
            assertThat(insideAgain).extracting(Enqueued::id, Enqueued::duplicate).containsExactly(inside.id(), true);
            tx.rollback();
        }
        Enqueued after = stevedore.enqueue(new Sync(5, "tx"), o -> o.unique(u -> u.byArgs()));
        assertThat(after.duplicate()).isFalse();
        assertThat(jobsOfKind("tck.sync")).isEqualTo(1);
    }

    @Test
    void retryingAJobWhoseKeyIsHeldElsewhereIsRefusedNamingTheHolder() {
        Enqueued first = stevedore.enqueue(new Sync(9, "a"), o -> o.unique(u -> u.byArgs()));
        assertThat(stevedore.cancel(first.id()).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        Enqueued second = stevedore.enqueue(new Sync(9, "a"), o -> o.unique(u -> u.byArgs()));
        assertThat(second.duplicate()).as("a cancelled job does not hold its key").isFalse();

        assertThatThrownBy(() -> stevedore.retry(first.id()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("job " + first.id() + " cannot be retried")
                .hasMessageContaining("job " + second.id() + " (available)");
        assertThat(store.jobGet(first.id()).orElseThrow().state()).isEqualTo(JobState.CANCELLED);

        stevedore.cancel(second.id());
        assertThat(stevedore.retry(first.id()).orElseThrow().state()).isEqualTo(JobState.AVAILABLE);
    }

    @Test
    void theStatesOptionDecidesWhichFinishedStatesBlock() {
        Enqueued first = stevedore.enqueue(new Sync(3, "a"),
                o -> o.unique(u -> u.byArgs().states(JobState.SCHEDULED, JobState.AVAILABLE, JobState.RUNNING,
                        JobState.RETRYABLE, JobState.HELD, JobState.CANCELLED)));
        stevedore.cancel(first.id());
        Enqueued again = stevedore.enqueue(new Sync(3, "a"),
                o -> o.unique(u -> u.byArgs().states(JobState.SCHEDULED, JobState.AVAILABLE, JobState.RUNNING,
                        JobState.RETRYABLE, JobState.HELD, JobState.CANCELLED)));
        assertThat(again).extracting(Enqueued::id, Enqueued::duplicate, Enqueued::state)
                .containsExactly(first.id(), true, JobState.CANCELLED);
    }

    @Test
    void theBatchInsertRefusesUniqueJobsAndTheManyPathMixesBoth() {
        List<Enqueued> results = stevedore.enqueueMany(List.of(new Sync(1, "m"), new Sync(1, "m"), new Sync(2, "m")),
                o -> o.unique(u -> u.byArgs()));
        assertThat(results).extracting(Enqueued::duplicate).containsExactly(false, true, false);
        assertThat(results.get(1).id()).isEqualTo(results.get(0).id());

        List<Enqueued> mixed = stevedore.enqueueMany(List.of(new Report("d1"), new Sync(1, "m"), new Report("d1")), o -> {});
        assertThat(mixed).extracting(Enqueued::duplicate).containsExactly(false, false, true);
        assertThat(mixed.get(2).id()).isEqualTo(mixed.get(0).id());
        assertThat(mixed.get(1).id()).isNotEqualTo(results.get(0).id());
    }

    private void runToCompletion(long id) {
        String queue = store.jobGet(id).orElseThrow().queue();
        var claimed = store.jobClaim(new ClaimRequest(queue, "tck-node", 100));
        var job = claimed.stream().filter(j -> j.id() == id).findFirst().orElseThrow();
        store.jobCompleteMany(List.of(ContractJobs.finish(job.id(), job.attempt(), JobState.COMPLETED)));
        assertThat(store.jobGet(id).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
    }
}
