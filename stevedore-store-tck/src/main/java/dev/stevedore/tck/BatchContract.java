package dev.stevedore.tck;

import static dev.stevedore.tck.ContractBatches.claim;
import static dev.stevedore.tck.ContractBatches.complete;
import static dev.stevedore.tck.ContractBatches.jobsOfKind;
import static dev.stevedore.tck.ContractBatches.run;
import static dev.stevedore.tck.ContractBatches.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.stevedore.BatchOptions;
import dev.stevedore.BatchState;
import dev.stevedore.BatchStatus;
import dev.stevedore.EnqueuedBatch;
import dev.stevedore.ErrorCategory;
import dev.stevedore.Job;
import dev.stevedore.JobKind;
import dev.stevedore.JobState;
import dev.stevedore.Stevedore;
import dev.stevedore.spi.PruneRequest;
import dev.stevedore.spi.RescueRequest;
import dev.stevedore.spi.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Batches on a real store: progress, the moment a batch finishes, which callbacks that inserts and that
 * it inserts them once (concurrent completers on two store instances, sweeps beside them, rescues),
 * nested batches, jobs added later, pruning, and the errors for bad batches. Jobs are moved by calling
 * the store as a node would, so every step is observable.
 */
public abstract class BatchContract {
    @JobKind("tck.batch.item")
    public record Item(String name) {}

    @JobKind("tck.batch.succeeded")
    public record Succeeded(String batch) {}

    @JobKind("tck.batch.failed")
    public record Failed(String batch) {}

    @JobKind("tck.batch.finished")
    public record Finished(String batch) {}

    private StoreFixture fixture;
    private Store store;
    private Stevedore stevedore;

    /** A fresh, migrated, isolated store for each test. */
    protected abstract StoreFixture createFixture();

    @BeforeEach
    void setUp() {
        fixture = createFixture();
        store = fixture.store();
        stevedore = Stevedore.builder().store(store).build(); // enqueues only; the test moves the jobs
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private EnqueuedBatch batchOf(String name, int jobs) {
        return stevedore.enqueueBatch(b -> {
            b.description("batch " + name).meta("owner", "tck")
                    .onSuccess(new Succeeded(name), o -> o.queue("callbacks").priority(5))
                    .onFailure(new Failed(name), o -> o.queue("callbacks"))
                    .onComplete(new Finished(name), o -> o.queue("callbacks").tags("done"));
            for (int i = 0; i < jobs; i++) {
                b.add(new Item(name + "-" + i), o -> o.queue("work"));
            }
        });
    }

    private BatchStatus status(long id) {
        return stevedore.batch(id).orElseThrow();
    }

    @Test
    void progressCountsAsJobsFinishAndTheSuccessCallbacksAreEnqueuedOnceAtTheEnd() {
        EnqueuedBatch batch = batchOf("a", 3);
        assertThat(batch.jobIds()).hasSize(3);
        assertThat(store.jobGet(batch.jobIds().get(0)).orElseThrow().batchId()).isEqualTo(batch.id());
        BatchStatus fresh = status(batch.id());
        assertThat(fresh).extracting(BatchStatus::state, BatchStatus::total, BatchStatus::pending, BatchStatus::completed)
                .containsExactly(BatchState.RUNNING, 3, 3, 0);
        assertThat(fresh.description()).isEqualTo("batch a");
        assertThat(fresh.metadata()).containsEntry("owner", "tck");
        assertThat(fresh.finished()).isFalse();

        List<Job> claimed = claim(store, "work");
        assertThat(claimed).hasSize(3);
        complete(store, claimed.get(0), JobState.COMPLETED);
        store.batchJobCompleteMany(List.of(ContractJobs.fail(claimed.get(1).id(), claimed.get(1).attempt(),
                JobState.RETRYABLE, Duration.ofHours(1), ErrorCategory.TRANSIENT)));
        assertThat(status(batch.id())).as("a retrying job is not final")
                .extracting(BatchStatus::state, BatchStatus::pending, BatchStatus::completed)
                .containsExactly(BatchState.RUNNING, 2, 1);
        complete(store, claimed.get(2), JobState.COMPLETED);
        assertThat(jobsOfKind(store, "tck.batch.finished")).isEmpty();

        store.jobRetry(claimed.get(1).id());
        run(store, claimed.get(1).id(), JobState.COMPLETED);

        BatchStatus done = status(batch.id());
        assertThat(done).extracting(BatchStatus::state, BatchStatus::total, BatchStatus::pending, BatchStatus::completed,
                BatchStatus::failed, BatchStatus::cancelled).containsExactly(BatchState.SUCCEEDED, 3, 0, 3, 0, 0);
        assertThat(done.finishedAt()).isNotNull();
        Job succeeded = jobsOfKind(store, "tck.batch.succeeded").get(0);
        assertThat(jobsOfKind(store, "tck.batch.succeeded")).hasSize(1);
        assertThat(jobsOfKind(store, "tck.batch.finished")).singleElement()
                .satisfies(j -> assertThat(j.tags()).containsExactly("done"));
        assertThat(jobsOfKind(store, "tck.batch.failed")).isEmpty();
        assertThat(succeeded).extracting(Job::queue, Job::priority, Job::state, Job::batchId, BatchContract::compactArgs)
                .containsExactly("callbacks", 5, JobState.AVAILABLE, batch.id(), "{\"batch\":\"a\"}");
        assertThat(succeeded.metadata()).containsEntry(BatchOptions.BATCH_KEY, Long.toString(batch.id()))
                .containsEntry(BatchOptions.EVENT_KEY, "success");

        assertThat(store.batchSweep(100)).as("nothing left behind").isZero();
        for (Job callback : claim(store, "callbacks")) {
            complete(store, callback, JobState.COMPLETED);
        }
        assertThat(store.batchSweep(100)).isZero();
        assertThat(jobsOfKind(store, "tck.batch.succeeded")).as("callbacks finishing fire nothing").hasSize(1);
        assertThat(jobsOfKind(store, "tck.batch.finished")).hasSize(1);
        assertThat(status(batch.id())).as("the tally stays the one taken at the finish").isEqualTo(done);
    }

    @Test
    void aDiscardedOrCancelledJobMakesTheBatchFailAndOnlyTheFailureCallbacksRun() {
        EnqueuedBatch batch = batchOf("f", 3);
        List<Job> claimed = claim(store, "work");
        complete(store, claimed.get(0), JobState.DISCARDED);
        complete(store, claimed.get(1), JobState.COMPLETED);
        complete(store, claimed.get(2), JobState.CANCELLED);

        assertThat(status(batch.id())).extracting(BatchStatus::state, BatchStatus::completed, BatchStatus::failed,
                BatchStatus::cancelled, BatchStatus::pending).containsExactly(BatchState.FAILED, 1, 1, 1, 0);
        assertThat(jobsOfKind(store, "tck.batch.failed")).singleElement()
                .satisfies(j -> assertThat(j.metadata()).containsEntry(BatchOptions.EVENT_KEY, "failure"));
        assertThat(jobsOfKind(store, "tck.batch.finished")).singleElement()
                .satisfies(j -> assertThat(j.metadata()).containsEntry(BatchOptions.EVENT_KEY, "complete"));
        assertThat(jobsOfKind(store, "tck.batch.succeeded")).isEmpty();
    }

    @Test
    void aBatchWithoutCallbacksStillFinishes() {
        EnqueuedBatch batch = stevedore.enqueueBatch(b -> b.add(new Item("only"), o -> o.queue("work")));
        run(store, batch.jobIds().get(0), JobState.COMPLETED);
        assertThat(status(batch.id()).state()).isEqualTo(BatchState.SUCCEEDED);
    }

    @Test
    void concurrentCompletersOnTwoStoresFinishEachBatchOnce() throws Exception {
        int rounds = 12;
        int jobs = 8;
        try (Store second = fixture.secondStore()) {
            ExecutorService pool = Executors.newFixedThreadPool(jobs + 2);
            try {
                for (int round = 0; round < rounds; round++) {
                    EnqueuedBatch batch = batchOf("race" + round, jobs);
                    List<Job> claimed = claim(store, "work");
                    assertThat(claimed).hasSize(jobs);
                    CountDownLatch start = new CountDownLatch(1);
                    List<Future<?>> futures = new ArrayList<>();
                    for (int i = 0; i < jobs; i++) {
                        Job job = claimed.get(i);
                        Store node = i % 2 == 0 ? store : second;
                        futures.add(pool.submit(() -> {
                            start.await();
                            return node.batchJobCompleteMany(List.of(ContractJobs.finish(job.id(), job.attempt(),
                                    JobState.COMPLETED)));
                        }));
                    }
                    for (Store sweeper : List.of(store, second)) {
                        futures.add(pool.submit(() -> {
                            start.await();
                            return sweeper.batchSweep(100);
                        }));
                    }
                    start.countDown();
                    for (Future<?> f : futures) {
                        f.get();
                    }
                    assertThat(status(batch.id()).state()).as("round %d", round).isEqualTo(BatchState.SUCCEEDED);
                }
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(jobsOfKind(store, "tck.batch.succeeded")).hasSize(rounds);
        assertThat(jobsOfKind(store, "tck.batch.finished")).hasSize(rounds);
        assertThat(jobsOfKind(store, "tck.batch.succeeded").stream().map(Job::batchId).distinct()).hasSize(rounds);
        assertThat(store.batchSweep(100)).isZero();
    }

    @Test
    void aChildBatchCountsAsOneUnitAndItsParentFinishesOnlyAfterIt() {
        EnqueuedBatch parent = batchOf("parent", 1);
        EnqueuedBatch child = stevedore.enqueueBatch(b -> b.parent(parent.id())
                .onSuccess(new Succeeded("child"), o -> o.queue("callbacks"))
                .add(new Item("c1"), o -> o.queue("work")).add(new Item("c2"), o -> o.queue("work")));
        assertThat(status(child.id()).parentId()).isEqualTo(parent.id());
        assertThat(status(parent.id())).extracting(BatchStatus::total, BatchStatus::pending).containsExactly(2, 2);

        run(store, parent.jobIds().get(0), JobState.COMPLETED);
        assertThat(status(parent.id())).as("its child is still open")
                .extracting(BatchStatus::state, BatchStatus::pending, BatchStatus::completed)
                .containsExactly(BatchState.RUNNING, 1, 1);
        run(store, child.jobIds().get(0), JobState.COMPLETED);
        assertThat(status(parent.id()).state()).isEqualTo(BatchState.RUNNING);

        run(store, child.jobIds().get(1), JobState.COMPLETED);
        assertThat(status(child.id()).state()).isEqualTo(BatchState.SUCCEEDED);
        assertThat(status(parent.id())).as("finished in the same transaction as its child")
                .extracting(BatchStatus::state, BatchStatus::total, BatchStatus::completed)
                .containsExactly(BatchState.SUCCEEDED, 2, 2);
        assertThat(jobsOfKind(store, "tck.batch.succeeded")).extracting(BatchContract::compactArgs)
                .containsExactlyInAnyOrder("{\"batch\":\"child\"}", "{\"batch\":\"parent\"}");
    }

    @Test
    void aFailedChildFailsItsParent() {
        EnqueuedBatch parent = batchOf("p", 1);
        EnqueuedBatch child = stevedore.enqueueBatch(b -> b.parent(parent.id()).add(new Item("c"), o -> o.queue("work")));
        run(store, child.jobIds().get(0), JobState.DISCARDED);
        run(store, parent.jobIds().get(0), JobState.COMPLETED);
        assertThat(status(child.id()).state()).isEqualTo(BatchState.FAILED);
        assertThat(status(parent.id())).extracting(BatchStatus::state, BatchStatus::completed, BatchStatus::failed)
                .containsExactly(BatchState.FAILED, 1, 1);
        assertThat(jobsOfKind(store, "tck.batch.failed")).hasSize(1);
    }

    @Test
    void jobsCanJoinAnOpenBatchButNotAFinishedOrMissingOne() {
        EnqueuedBatch batch = batchOf("open", 1);
        List<Job> claimed = claim(store, "work");
        var added = stevedore.enqueueInBatch(batch.id(), List.of(new Item("late")), o -> o.queue("work"));
        assertThat(store.jobGet(added.get(0).id()).orElseThrow().batchId()).isEqualTo(batch.id());
        complete(store, claimed.get(0), JobState.COMPLETED);
        assertThat(status(batch.id())).as("it waits for the job added later")
                .extracting(BatchStatus::state, BatchStatus::total).containsExactly(BatchState.RUNNING, 2);
        run(store, added.get(0).id(), JobState.COMPLETED);
        assertThat(status(batch.id()).state()).isEqualTo(BatchState.SUCCEEDED);

        assertThatThrownBy(() -> stevedore.enqueueInBatch(batch.id(), List.of(new Item("too late")), o -> {}))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("batch " + batch.id() + " has finished");
        assertThatThrownBy(() -> stevedore.enqueueBatch(b -> b.parent(batch.id()).add(new Item("x"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("child batch");
        assertThatThrownBy(() -> stevedore.enqueueInBatch(987_654, List.of(new Item("x")), o -> {}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no batch 987654");
        assertThat(jobsOfKind(store, "tck.batch.item")).as("refused jobs were not stored").hasSize(2);
        assertThat(stevedore.batch(987_654)).isEmpty();
    }

    @Test
    void aJobRescuedToDiscardedIsCaughtUpByTheSweep() {
        EnqueuedBatch batch = stevedore.enqueueBatch(b -> b.onFailure(new Failed("rescued"))
                .add(new Item("lost"), o -> o.queue("work").maxAttempts(1))
                .add(new Item("ok"), o -> o.queue("work")));
        List<Job> claimed = claim(store, "work"); // by a node that has no heartbeat row: presumed dead
        complete(store, claimed.get(1), JobState.COMPLETED);
        assertThat(store.jobRescue(new RescueRequest(Duration.ofMinutes(1), Duration.ZERO, "tck", 10)))
                .singleElement().extracting(Job::state).isEqualTo(JobState.DISCARDED);
        assertThat(status(batch.id()).state()).as("a rescue is not a batch completion").isEqualTo(BatchState.RUNNING);

        assertThat(store.batchSweep(100)).isPositive();
        assertThat(status(batch.id())).extracting(BatchStatus::state, BatchStatus::failed)
                .containsExactly(BatchState.FAILED, 1);
        assertThat(jobsOfKind(store, "tck.batch.failed")).hasSize(1);
        assertThat(store.batchSweep(100)).isZero();
        assertThat(jobsOfKind(store, "tck.batch.failed")).as("a second sweep fires nothing").hasSize(1);
    }

    @Test
    void aRescuedJobThatIsRetriedCountsWithItsFinalOutcome() {
        EnqueuedBatch batch = batchOf("retried", 1);
        claim(store, "work");
        assertThat(store.jobRescue(new RescueRequest(Duration.ofMinutes(1), Duration.ZERO, "tck", 10)))
                .singleElement().extracting(Job::state).isEqualTo(JobState.RETRYABLE);
        assertThat(store.batchSweep(100)).isZero();
        store.jobStage(100);
        run(store, batch.jobIds().get(0), JobState.COMPLETED);
        assertThat(status(batch.id()).state()).isEqualTo(BatchState.SUCCEEDED);
    }

    @Test
    void anAdvanceAfterACancelAndTheSweepAfterAQueueClearFinishTheBatch() {
        EnqueuedBatch batch = batchOf("c", 3);
        store.jobCancel(batch.jobIds().get(0), "not wanted");
        assertThat(store.batchAdvance(List.of(batch.jobIds().get(0), 999_999L))).as("nothing to finish yet").isZero();
        store.jobCancel(batch.jobIds().get(1), "not wanted");
        store.queueClear("work", "cleared");
        assertThat(status(batch.id()).state()).isEqualTo(BatchState.RUNNING);
        assertThat(store.batchSweep(100)).isPositive();
        assertThat(status(batch.id())).extracting(BatchStatus::state, BatchStatus::cancelled)
                .containsExactly(BatchState.FAILED, 3);
        assertThat(jobsOfKind(store, "tck.batch.failed")).hasSize(1);
        assertThat(store.batchAdvance(batch.jobIds())).as("a finished batch finishes once").isZero();
        assertThat(jobsOfKind(store, "tck.batch.failed")).hasSize(1);
    }

    @Test
    void anAdvanceFinishesTheBatchOfTheLastJobCancelled() {
        EnqueuedBatch batch = batchOf("last", 1);
        store.jobCancel(batch.jobIds().get(0), "not wanted");
        assertThat(store.batchAdvance(List.of(batch.jobIds().get(0)))).isPositive();
        assertThat(status(batch.id())).extracting(BatchStatus::state, BatchStatus::cancelled)
                .containsExactly(BatchState.FAILED, 1);
        assertThat(jobsOfKind(store, "tck.batch.finished")).hasSize(1);
    }

    @Test
    void jobsOfAnOpenBatchOutliveTheirRetentionAndFinishedBatchesArePruned() {
        EnqueuedBatch batch = batchOf("old", 2);
        run(store, batch.jobIds().get(0), JobState.COMPLETED);
        PruneRequest now = new PruneRequest(Duration.ZERO, Duration.ZERO, 100);
        waitPastMillisecond();
        assertThat(store.jobPrune(now)).as("the batch is open").isZero();
        assertThat(store.batchPrune(now)).isZero();

        run(store, batch.jobIds().get(1), JobState.COMPLETED);
        for (Job callback : claim(store, "callbacks")) {
            complete(store, callback, JobState.COMPLETED);
        }
        waitPastMillisecond();
        assertThat(store.batchPrune(now)).as("its jobs are still there").isZero();
        assertThat(store.jobPrune(now)).isEqualTo(4);
        assertThat(store.batchPrune(now)).isEqualTo(1);
        assertThat(stevedore.batch(batch.id())).isEmpty();
    }

    @Test
    void badBatchesAreRefusedBeforeAnythingIsStored() {
        assertThatThrownBy(() -> stevedore.enqueueBatch(b -> b.onSuccess(new Succeeded("x"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one job");
        assertThatThrownBy(() -> stevedore.enqueueBatch(b -> b.add(new Item("u"), o -> o.unique(u -> u.byArgs()))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unique");
        assertThatThrownBy(() -> stevedore.enqueueBatch(b -> b.add(new Item("x"))
                .onSuccess(new Succeeded("x"), o -> o.in(Duration.ofMinutes(1)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("onSuccess callback")
                .hasMessageContaining("run time");
        assertThatThrownBy(() -> stevedore.enqueueBatch(b -> b.add(new Item("x")).parent(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parent batch id");
        assertThatThrownBy(() -> stevedore.enqueueBatch(b -> b.add(new Item("x")).parent(424_242)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no batch 424242");
        assertThatThrownBy(() -> stevedore.enqueueBatch(b -> b.description("d".repeat(1001))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("description");
        assertThatThrownBy(() -> stevedore.enqueueInBatch(1, List.of(new Item("u")), o -> o.unique(u -> u.byArgs())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unique");
        assertThat(jobsOfKind(store, "tck.batch.item")).isEmpty();
    }

    @Test
    void aBatchJobFinishedBySqlByHandIsCaughtUpByTheSweep() throws Exception {
        EnqueuedBatch batch = batchOf("sql", 1);
        try (Connection c = fixture.connection();
             PreparedStatement ps = c.prepareStatement("UPDATE " + fixture.table("jobs")
                     + " SET state = 'completed' WHERE id = ?")) {
            ps.setLong(1, batch.jobIds().get(0));
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        assertThat(state(store, batch.jobIds().get(0))).isEqualTo(JobState.COMPLETED);
        store.batchSweep(100);
        assertThat(status(batch.id()).state()).isEqualTo(BatchState.SUCCEEDED);
    }

    /** The arguments without the spaces PostgreSQL's jsonb prints. */
    private static String compactArgs(Job job) {
        return job.args().replace(" ", "");
    }

    /** Retention cut-offs compare with "older than": let the store's clock move past the finish. */
    private void waitPastMillisecond() {
        var start = store.now();
        await().atMost(Duration.ofSeconds(5)).until(() -> store.now().isAfter(start.plusMillis(2)));
    }
}
