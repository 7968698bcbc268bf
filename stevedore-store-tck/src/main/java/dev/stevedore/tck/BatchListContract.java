package dev.stevedore.tck;

import static dev.stevedore.tck.ContractBatches.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.BatchOptions;
import dev.stevedore.BatchState;
import dev.stevedore.BatchStatus;
import dev.stevedore.EnqueuedBatch;
import dev.stevedore.Job;
import dev.stevedore.JobKind;
import dev.stevedore.JobState;
import dev.stevedore.Stevedore;
import dev.stevedore.UpstreamFailure;
import dev.stevedore.spi.BatchCallback;
import dev.stevedore.spi.BatchFilter;
import dev.stevedore.spi.DeclaredCallback;
import dev.stevedore.spi.Store;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reading batches back for operators: {@link Store#batchList} (newest first, children of one parent,
 * keyset pages, live counts of open batches and the tally of finished ones), {@link Store#batchJobList}
 * (a batch's jobs by id, callbacks included once fired) and {@link Store#batchCallbackList}; and the
 * step metadata a workflow's jobs carry.
 */
public abstract class BatchListContract {
    @JobKind("tck.list.item")
    public record Item(String name) {}

    @JobKind("tck.list.done")
    public record Done(String batch) {}

    private StoreFixture fixture;
    private Store store;
    private Stevedore stevedore;

    /** A fresh, migrated, isolated store for each test. */
    protected abstract StoreFixture createFixture();

    @BeforeEach
    void setUp() {
        fixture = createFixture();
        store = fixture.store();
        stevedore = Stevedore.builder().store(store).build();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private EnqueuedBatch batch(String name, int jobs, Long parent) {
        return stevedore.enqueueBatch(b -> {
            b.description(name).onComplete(new Done(name), o -> o.queue("tck-list-callbacks"))
                    .onFailure(new Done(name + " failed"), o -> o.queue("tck-list-alerts"));
            if (parent != null) {
                b.parent(parent);
            }
            for (int i = 0; i < jobs; i++) {
                b.add(new Item(name + "-" + i), o -> o.queue("tck-list-" + name));
            }
        });
    }

    @Test
    void batchesAreListedNewestFirstByKeyWithLiveCountsWhileOpenAndTheTallyOnceFinished() {
        EnqueuedBatch first = batch("first", 2, null);
        EnqueuedBatch second = batch("second", 3, null);
        EnqueuedBatch child = batch("child", 1, first.id());
        run(store, second.jobIds().get(0), JobState.COMPLETED);
        run(store, second.jobIds().get(1), JobState.DISCARDED);
        run(store, second.jobIds().get(2), JobState.COMPLETED);

        List<BatchStatus> all = store.batchList(BatchFilter.newest(10));
        assertThat(all).extracting(BatchStatus::id).containsExactly(child.id(), second.id(), first.id());
        assertThat(all.get(1)).as("finished: the tally").extracting(BatchStatus::state, BatchStatus::total,
                BatchStatus::completed, BatchStatus::failed, BatchStatus::pending)
                .containsExactly(BatchState.FAILED, 3, 2, 1, 0);
        assertThat(all.get(2)).as("open: live counts, the open child one pending unit")
                .extracting(BatchStatus::state, BatchStatus::total, BatchStatus::pending, BatchStatus::parentId)
                .containsExactly(BatchState.RUNNING, 3, 3, null);
        assertThat(all.get(0).parentId()).isEqualTo(first.id());
        assertThat(all).allSatisfy(b -> assertThat(b).isEqualTo(store.batchGet(b.id()).orElseThrow()));

        assertThat(store.batchList(new BatchFilter(null, second.id(), 10))).extracting(BatchStatus::id).containsExactly(first.id());
        assertThat(store.batchList(new BatchFilter(null, null, 2))).extracting(BatchStatus::id)
                .containsExactly(child.id(), second.id());
        assertThat(store.batchList(new BatchFilter(first.id(), null, 10))).extracting(BatchStatus::id).containsExactly(child.id());
        assertThat(store.batchList(new BatchFilter(second.id(), null, 10))).isEmpty();
        assertThatThrownBy(() -> new BatchFilter(null, null, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBatchsJobsAreListedByIdWithItsCallbacksOnceItFinished() {
        EnqueuedBatch batch = batch("jobs", 3, null);
        EnqueuedBatch other = batch("other", 2, null);
        assertThat(store.batchJobList(batch.id(), null, 10)).extracting(Job::id).containsExactlyElementsOf(batch.jobIds());
        assertThat(store.batchJobList(batch.id(), batch.jobIds().get(0), 1)).extracting(Job::id)
                .containsExactly(batch.jobIds().get(1));
        for (long id : batch.jobIds()) {
            run(store, id, JobState.COMPLETED);
        }
        List<Job> jobs = store.batchJobList(batch.id(), null, 10);
        assertThat(jobs).hasSize(4);
        assertThat(jobs.get(3).metadata()).containsEntry(BatchOptions.EVENT_KEY, "complete");
        assertThat(store.batchJobList(other.id(), null, 10)).extracting(Job::id).containsExactlyElementsOf(other.jobIds());
        assertThat(store.batchJobList(999_999_999L, null, 10)).isEmpty();
        assertThatThrownBy(() -> store.batchJobList(batch.id(), null, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.batchJobList(batch.id(), null, 501)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBatchsDeclaredCallbacksAreReadBackInOrder() {
        EnqueuedBatch batch = batch("callbacks", 1, null);
        List<DeclaredCallback> callbacks = store.batchCallbackList(batch.id());
        assertThat(callbacks).extracting(DeclaredCallback::event, DeclaredCallback::kind, DeclaredCallback::queue)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(BatchCallback.Event.COMPLETE, "tck.list.done", "tck-list-callbacks"),
                        org.assertj.core.groups.Tuple.tuple(BatchCallback.Event.FAILURE, "tck.list.done", "tck-list-alerts"));
        EnqueuedBatch bare = stevedore.enqueueBatch(b -> b.add(new Item("bare")));
        assertThat(store.batchCallbackList(bare.id())).isEmpty();
        assertThat(store.batchCallbackList(999_999_999L)).isEmpty();
    }

    @Test
    void workflowStepsCarryTheirNameWhatTheyWaitForAndTheirPolicy() {
        EnqueuedBatch flow = stevedore.enqueueBatch(w -> w
                .step("fetch, then", new Item("fetch"))
                .step("resize", new Item("resize"), s -> s.after("fetch, then"))
                .step("notify \"all\"", new Item("notify"), s -> s.after("fetch, then", "resize")
                        .onUpstreamFailure(UpstreamFailure.RUN))
                .add(new Item("plain")));
        List<Job> jobs = new ArrayList<>(store.batchJobList(flow.id(), null, 10));
        assertThat(jobs.get(0).metadata()).containsEntry(BatchOptions.STEP_KEY, "fetch, then")
                .doesNotContainKeys(BatchOptions.STEP_AFTER_KEY, BatchOptions.STEP_ON_UPSTREAM_FAILURE_KEY);
        assertThat(jobs.get(1).metadata()).containsEntry(BatchOptions.STEP_KEY, "resize")
                .containsEntry(BatchOptions.STEP_AFTER_KEY, "[\"fetch, then\"]")
                .containsEntry(BatchOptions.STEP_ON_UPSTREAM_FAILURE_KEY, "cancel");
        assertThat(jobs.get(2).metadata()).containsEntry(BatchOptions.STEP_KEY, "notify \"all\"")
                .containsEntry(BatchOptions.STEP_AFTER_KEY, "[\"fetch, then\",\"resize\"]")
                .containsEntry(BatchOptions.STEP_ON_UPSTREAM_FAILURE_KEY, "run");
        assertThat(jobs.get(3).metadata()).doesNotContainKey(BatchOptions.STEP_KEY);
        assertThat(jobs.get(2).awaitingUpstream()).isTrue();
    }
}
