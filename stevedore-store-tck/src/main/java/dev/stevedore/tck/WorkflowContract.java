package dev.stevedore.tck;

import static dev.stevedore.tck.ContractBatches.claim;
import static dev.stevedore.tck.ContractBatches.complete;
import static dev.stevedore.tck.ContractBatches.jobsOfKind;
import static dev.stevedore.tck.ContractBatches.run;
import static dev.stevedore.tck.ContractBatches.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.BatchState;
import dev.stevedore.BatchStatus;
import dev.stevedore.EnqueuedBatch;
import dev.stevedore.Job;
import dev.stevedore.JobKind;
import dev.stevedore.JobState;
import dev.stevedore.Stevedore;
import dev.stevedore.UpstreamFailure;
import dev.stevedore.spi.Store;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Workflows on a real store: steps wait for the steps they depend on, become available the moment the
 * last of them completes (also when two nodes complete the last two at the same instant), and a failed
 * upstream cancels or releases its dependants as its policy says. Bad graphs are refused at enqueue.
 */
public abstract class WorkflowContract {
    @JobKind("tck.flow.step")
    public record Step(String name) {}

    @JobKind("tck.flow.done")
    public record Done(String flow) {}

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

    private static java.util.function.Consumer<dev.stevedore.StepOptions> after(String... steps) {
        return s -> s.after(steps).options(o -> o.queue("flow"));
    }

    @Test
    void stepsBecomeAvailableOnlyWhenEverythingTheyWaitForHasCompleted() {
        // a → (b, c) → d, and e on its own; d is added before the steps it waits for
        EnqueuedBatch flow = stevedore.enqueueBatch(w -> w
                .step("d", new Step("d"), after("b", "c"))
                .step("a", new Step("a"), s -> s.options(o -> o.queue("flow")))
                .step("b", new Step("b"), after("a"))
                .step("c", new Step("c"), after("a"))
                .add(new Step("e"), o -> o.queue("flow"))
                .onSuccess(new Done("diamond"), o -> o.queue("flow-done")));
        Job d = store.jobGet(flow.step("d")).orElseThrow();
        assertThat(d.state()).isEqualTo(JobState.SCHEDULED);
        assertThat(d.scheduledAt()).isEqualTo(Job.AWAITING_UPSTREAM);
        assertThat(d.awaitingUpstream()).isTrue();
        assertThat(store.jobStage(100)).as("the stager never releases a waiting step").isZero();

        List<Job> first = claim(store, "flow");
        assertThat(first).extracting(Job::id).containsExactlyInAnyOrder(flow.step("a"), flow.jobIds().get(4));
        first.forEach(j -> complete(store, j, JobState.COMPLETED));
        List<Job> second = claim(store, "flow");
        assertThat(second).extracting(Job::id).containsExactlyInAnyOrder(flow.step("b"), flow.step("c"));

        complete(store, second.get(0), JobState.COMPLETED);
        assertThat(claim(store, "flow")).as("d still waits for one of b and c").isEmpty();
        assertThat(store.jobGet(flow.step("d")).orElseThrow().awaitingUpstream()).isTrue();
        complete(store, second.get(1), JobState.COMPLETED);

        Job released = store.jobGet(flow.step("d")).orElseThrow();
        assertThat(released.state()).isEqualTo(JobState.AVAILABLE);
        assertThat(released.awaitingUpstream()).isFalse();
        assertThat(released.scheduledAt()).isBefore(store.now().plusSeconds(1));
        assertThat(jobsOfKind(store, "tck.flow.done")).isEmpty();
        run(store, flow.step("d"), JobState.COMPLETED);

        assertThat(stevedore.batch(flow.id()).orElseThrow())
                .extracting(BatchStatus::state, BatchStatus::completed).containsExactly(BatchState.SUCCEEDED, 5);
        assertThat(jobsOfKind(store, "tck.flow.done")).hasSize(1);
    }

    @Test
    void theLastOfTwoUpstreamsCompletedAtTheSameInstantOnTwoStoresReleasesTheStep() throws Exception {
        try (Store second = fixture.secondStore()) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < 15; round++) {
                    EnqueuedBatch flow = stevedore.enqueueBatch(w -> w
                            .step("left", new Step("left"), s -> s.options(o -> o.queue("flow")))
                            .step("right", new Step("right"), s -> s.options(o -> o.queue("flow")))
                            .step("join", new Step("join"), after("left", "right")));
                    List<Job> claimed = claim(store, "flow");
                    assertThat(claimed).hasSize(2);
                    CountDownLatch start = new CountDownLatch(1);
                    Future<?> left = pool.submit(() -> {
                        start.await();
                        return store.batchJobCompleteMany(List.of(ContractJobs.finish(claimed.get(0).id(),
                                claimed.get(0).attempt(), JobState.COMPLETED)));
                    });
                    Future<?> right = pool.submit(() -> {
                        start.await();
                        return second.batchJobCompleteMany(List.of(ContractJobs.finish(claimed.get(1).id(),
                                claimed.get(1).attempt(), JobState.COMPLETED)));
                    });
                    start.countDown();
                    left.get();
                    right.get();
                    assertThat(state(store, flow.step("join"))).as("round %d, without a sweep", round)
                            .isEqualTo(JobState.AVAILABLE);
                    run(store, flow.step("join"), JobState.COMPLETED);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aFailedUpstreamCancelsWhatWaitsForItAndThatInTurnCancelsItsOwnDependants() {
        EnqueuedBatch flow = stevedore.enqueueBatch(w -> w
                .step("a", new Step("a"), s -> s.options(o -> o.queue("flow")))
                .step("b", new Step("b"), after("a"))
                .step("c", new Step("c"), after("b"))
                .step("other", new Step("other"), s -> s.options(o -> o.queue("flow")))
                .onFailure(new Done("failed"), o -> o.queue("flow-done")));
        run(store, flow.step("a"), JobState.DISCARDED);

        Job b = store.jobGet(flow.step("b")).orElseThrow();
        Job c = store.jobGet(flow.step("c")).orElseThrow();
        assertThat(b.state()).isEqualTo(JobState.CANCELLED);
        assertThat(b.cancellation().reason()).isEqualTo("upstream job " + flow.step("a") + " ended discarded");
        assertThat(b.finishedAt()).isNotNull();
        assertThat(c.state()).isEqualTo(JobState.CANCELLED);
        assertThat(c.cancellation().reason()).isEqualTo("upstream job " + flow.step("b") + " ended cancelled");
        assertThat(stevedore.batch(flow.id()).orElseThrow().state()).as("'other' still runs").isEqualTo(BatchState.RUNNING);

        run(store, flow.step("other"), JobState.COMPLETED);
        assertThat(stevedore.batch(flow.id()).orElseThrow())
                .extracting(BatchStatus::state, BatchStatus::completed, BatchStatus::failed, BatchStatus::cancelled)
                .containsExactly(BatchState.FAILED, 1, 1, 2);
        assertThat(jobsOfKind(store, "tck.flow.done")).hasSize(1);
    }

    @Test
    void underTheRunPolicyAStepRunsOnceEveryUpstreamIsFinalWhateverTheOutcome() {
        EnqueuedBatch flow = stevedore.enqueueBatch(w -> w
                .onUpstreamFailure(UpstreamFailure.RUN)
                .step("a", new Step("a"), s -> s.options(o -> o.queue("flow")))
                .step("b", new Step("b"), s -> s.options(o -> o.queue("flow")))
                .step("report", new Step("report"), after("a", "b"))
                .step("strict", new Step("strict"), s -> s.after("a").onUpstreamFailure(UpstreamFailure.CANCEL)
                        .options(o -> o.queue("flow"))));
        run(store, flow.step("a"), JobState.CANCELLED);
        assertThat(state(store, flow.step("strict"))).isEqualTo(JobState.CANCELLED);
        assertThat(store.jobGet(flow.step("report")).orElseThrow().awaitingUpstream()).as("b not final yet").isTrue();
        run(store, flow.step("b"), JobState.DISCARDED);
        assertThat(state(store, flow.step("report"))).isEqualTo(JobState.AVAILABLE);
    }

    @Test
    void anUpstreamCancelledByAnOperatorIsAdvancedAndOneCompletedOutsideTheBatchPathIsSwept() {
        EnqueuedBatch flow = stevedore.enqueueBatch(w -> w
                .step("a", new Step("a"), s -> s.options(o -> o.queue("flow")))
                .step("b", new Step("b"), after("a"))
                .step("x", new Step("x"), s -> s.options(o -> o.queue("flow")))
                .step("y", new Step("y"), after("x")));
        store.jobCancel(flow.step("a"), "operator");
        Job x = claim(store, "flow").stream().filter(j -> j.id() == flow.step("x")).findFirst().orElseThrow();
        store.jobCompleteMany(List.of(ContractJobs.finish(x.id(), x.attempt(), JobState.COMPLETED)));
        assertThat(store.jobGet(flow.step("b")).orElseThrow().awaitingUpstream()).isTrue();
        assertThat(store.jobGet(flow.step("y")).orElseThrow().awaitingUpstream()).isTrue();

        assertThat(store.batchAdvance(List.of(flow.step("a")))).isPositive();
        assertThat(state(store, flow.step("b"))).isEqualTo(JobState.CANCELLED);
        assertThat(store.jobGet(flow.step("y")).orElseThrow().awaitingUpstream()).as("left for the sweep").isTrue();
        assertThat(store.batchSweep(100)).isPositive();
        assertThat(state(store, flow.step("y"))).isEqualTo(JobState.AVAILABLE);
        assertThat(store.batchSweep(100)).isZero();
    }

    @Test
    void cyclesUnknownStepsAndWaitingStepsWithARunTimeAreRefusedBeforeAnythingIsStored() {
        assertThatThrownBy(() -> stevedore.enqueueBatch(w -> w
                .step("a", new Step("a"), s -> s.after("c"))
                .step("b", new Step("b"), s -> s.after("a"))
                .step("c", new Step("c"), s -> s.after("b"))
                .step("free", new Step("free"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cycle").hasMessageContaining("a → c → b → a");
        assertThatThrownBy(() -> stevedore.enqueueBatch(w -> w.step("self", new Step("s"), s -> s.after("self"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("self → self");
        assertThatThrownBy(() -> stevedore.enqueueBatch(w -> w.step("a", new Step("a"), s -> s.after("nope"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("step \"a\" waits for \"nope\", which is not a step of this batch");
        assertThatThrownBy(() -> stevedore.enqueueBatch(w -> w.step("a", new Step("a")).step("a", new Step("again"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("step \"a\" is added twice");
        assertThatThrownBy(() -> stevedore.enqueueBatch(w -> w.step("a", new Step("a"))
                .step("b", new Step("b"), s -> s.after("a").options(o -> o.in(Duration.ofMinutes(5))))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("step \"b\" waits for other steps");
        assertThatThrownBy(() -> stevedore.enqueueBatch(w -> w.step(" ", new Step("blank"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("step name");
        assertThat(jobsOfKind(store, "tck.flow.step")).isEmpty();
    }

    @Test
    void enqueuedBatchNamesItsSteps() {
        EnqueuedBatch flow = stevedore.enqueueBatch(w -> w.step("only", new Step("only")));
        assertThat(flow.steps()).containsOnlyKeys("only");
        assertThatThrownBy(() -> flow.step("missing")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[only]");
    }
}
