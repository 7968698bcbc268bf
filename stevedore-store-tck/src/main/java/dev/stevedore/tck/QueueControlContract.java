package dev.stevedore.tck;

import static dev.stevedore.tck.ContractJobs.available;
import static dev.stevedore.tck.ContractJobs.fail;
import static dev.stevedore.tck.ContractJobs.finish;
import static dev.stevedore.tck.ContractJobs.refund;
import static dev.stevedore.tck.ContractJobs.scheduledIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.stevedore.ErrorCategory;
import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.PausedQueue;
import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.JobFilter;
import dev.stevedore.spi.NodeControl;
import dev.stevedore.spi.Notifier;
import dev.stevedore.spi.RescueRequest;
import dev.stevedore.spi.Store;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.TemporalUnitOffset;
import org.junit.jupiter.api.Test;

/**
 * The store methods behind pausing, resuming and clearing queues and cancelling running jobs. Run as a
 * {@code @Nested} group of {@link StoreContract}, so every store runs it unchanged.
 */
public abstract class QueueControlContract {
    private static final TemporalUnitOffset CLOSE = within(5, ChronoUnit.SECONDS);

    /** The store under test (the enclosing contract's). */
    protected abstract Store store();

    /** The enclosing contract's fixture. */
    protected abstract StoreFixture fixture();

    @Test
    void aPausedQueueClaimsNothingUntilResumedWhileOtherQueuesGoOn() {
        Store store = store();
        Instant now = store.now();
        store.jobInsertMany(List.of(available("q"), available("q"), available("other")));

        assertThat(store.queuePause("q")).as("this call paused it").isTrue();
        assertThat(store.jobClaim(new ClaimRequest("q", "n", 10))).as("paused").isEmpty();
        assertThat(store.jobClaim(new ClaimRequest("other", "n", 10))).hasSize(1);
        PausedQueue paused = store.queuePausedList().get(0);
        assertThat(store.queuePausedList()).singleElement().extracting(PausedQueue::queue).isEqualTo("q");
        assertThat(paused.pausedAt()).isCloseTo(now, CLOSE);

        assertThat(store.queuePause("q")).as("already paused").isFalse();
        assertThat(store.queuePausedList()).as("pausing again keeps the first pause")
                .containsExactly(paused);

        assertThat(store.queueResume("q")).isTrue();
        assertThat(store.queueResume("q")).as("not paused any more").isFalse();
        assertThat(store.queueResume("never-paused")).isFalse();
        assertThat(store.queuePausedList()).isEmpty();
        assertThat(store.jobClaim(new ClaimRequest("q", "n", 10))).hasSize(2);
    }

    @Test
    void ofConcurrentPausesOnTwoNodesExactlyOneReportsThePause() throws Exception {
        try (Store other = fixture().secondStore()) {
            for (int round = 0; round < 5; round++) {
                String queue = "race" + round;
                CountDownLatch go = new CountDownLatch(1);
                java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
                try {
                    List<java.util.concurrent.Future<Boolean>> pauses = new java.util.ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                        Store target = i % 2 == 0 ? store() : other;
                        pauses.add(pool.submit(() -> {
                            go.await();
                            return target.queuePause(queue);
                        }));
                    }
                    go.countDown();
                    int paused = 0;
                    for (java.util.concurrent.Future<Boolean> pause : pauses) {
                        paused += pause.get(30, TimeUnit.SECONDS) ? 1 : 0;
                    }
                    assertThat(paused).as("pauses of %s that report pausing it", queue).isEqualTo(1);
                } finally {
                    pool.shutdownNow();
                }
            }
        }
    }

    @Test
    void aPauseHoldsForEveryNode() {
        store().jobInsertMany(List.of(available("q")));
        store().queuePause("q");
        try (Store other = fixture().secondStore()) {
            assertThat(other.jobClaim(new ClaimRequest("q", "other-node", 10))).isEmpty();
            assertThat(other.queuePausedList()).extracting(PausedQueue::queue).containsExactly("q");
            other.queueResume("q");
        }
        assertThat(store().jobClaim(new ClaimRequest("q", "n", 10))).hasSize(1);
    }

    @Test
    void pausesResumesAndRunningCancelsAreAnnouncedToControlSubscribers() throws Exception {
        Store store = store();
        Notifier notifier = store.notifier().orElse(null);
        if (notifier == null) {
            return; // a store without notifications relies on polling, which the other tests cover
        }
        long running = store.jobInsertMany(List.of(available("q"))).get(0);
        store.jobClaim(new ClaimRequest("q", "n", 1));
        CountDownLatch heard = new CountDownLatch(3);
        try (AutoCloseable subscription = notifier.subscribeControl(heard::countDown)) {
            store.queuePause("q");
            awaitNext(heard, 2);
            store.queueResume("q");
            awaitNext(heard, 1);
            store.jobCancel(running, "stop");
            assertThat(heard.await(10, TimeUnit.SECONDS)).as("a cancel request for a running job is announced").isTrue();
        }
    }

    @Test
    void clearCancelsEveryJobNotYetRunningWithAReasonAndDeletesNothing() {
        Store store = store();
        List<Long> ids = store.jobInsertMany(List.of(available("q"), scheduledIn("q", Duration.ofHours(1)),
                available("q"), available("q"), available("q"), available("q"), available("other")));
        List<Job> claimed = store.jobClaim(new ClaimRequest("q", "n", 4));
        assertThat(claimed).extracting(Job::id).containsExactly(ids.get(0), ids.get(2), ids.get(3), ids.get(4));
        store.jobCompleteMany(List.of(fail(ids.get(0), 1, JobState.RETRYABLE, Duration.ofHours(1), ErrorCategory.TRANSIENT),
                fail(ids.get(2), 1, JobState.HELD, Duration.ZERO, ErrorCategory.AUTHENTICATION),
                finish(ids.get(3), 1, JobState.COMPLETED)));
        // Now: 0 retryable, 1 scheduled, 2 held, 3 completed, 4 running, 5 available; 6 in another queue.

        assertThat(store.queueClear("q", "queue q cleared")).isEqualTo(4);

        for (int i : new int[] {0, 1, 2, 5}) {
            Job job = store.jobGet(ids.get(i)).orElseThrow();
            assertThat(job.state()).as("job %d", i).isEqualTo(JobState.CANCELLED);
            assertThat(job.finishedAt()).isNotNull();
            assertThat(job.cancellation().reason()).isEqualTo("queue q cleared");
        }
        assertThat(store.jobGet(ids.get(3)).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
        assertThat(store.jobGet(ids.get(4)).orElseThrow().state()).as("running jobs finish").isEqualTo(JobState.RUNNING);
        assertThat(store.jobGet(ids.get(6)).orElseThrow().state()).isEqualTo(JobState.AVAILABLE);
        assertThat(store.jobList(JobFilter.all(100))).as("nothing deleted").hasSize(7);
        assertThat(store.queueClear("q", "again")).isZero();
    }

    @Test
    void aNodeReadsThePausesAndTheCancelRequestsOfItsOwnRunningJobs() {
        Store store = store();
        List<Long> ids = store.jobInsertMany(List.of(available("a"), available("a"), available("b")));
        store.jobClaim(new ClaimRequest("a", "node-1", 2));
        store.jobClaim(new ClaimRequest("b", "node-2", 1));
        assertThat(store.nodeControl("node-1")).isEqualTo(new NodeControl(List.of(), List.of()));

        store.jobCancel(ids.get(1), "stop");
        store.jobCancel(ids.get(2), "stop");
        store.queuePause("c");
        NodeControl control = store.nodeControl("node-1");
        assertThat(control.cancelRequests()).containsExactly(new NodeControl.CancelRequest(ids.get(1), 1));
        assertThat(control.pausedQueues()).extracting(PausedQueue::queue).containsExactly("c");
        assertThat(store.nodeControl("node-2").cancelRequests()).extracting(NodeControl.CancelRequest::jobId)
                .containsExactly(ids.get(2));

        store.jobCompleteMany(List.of(finish(ids.get(1), 1, JobState.CANCELLED)));
        assertThat(store.nodeControl("node-1").cancelRequests()).as("gone once the job left running").isEmpty();
    }

    @Test
    void anOutcomeThatWouldRunACancelRequestedJobAgainCancelsItInstead() {
        Store store = store();
        List<Long> ids = store.jobInsertMany(List.of(available("q"), available("q"), available("q"), available("q"),
                available("q")));
        store.jobClaim(new ClaimRequest("q", "n", 5));
        ids.forEach(id -> store.jobCancel(id, "stop"));

        store.jobCompleteMany(List.of(
                fail(ids.get(0), 1, JobState.RETRYABLE, Duration.ZERO, ErrorCategory.TRANSIENT),
                refund(ids.get(1), 1, JobState.SCHEDULED, Duration.ZERO),
                refund(ids.get(2), 1, JobState.AVAILABLE, Duration.ZERO),
                finish(ids.get(3), 1, JobState.COMPLETED),
                fail(ids.get(4), 1, JobState.DISCARDED, Duration.ZERO, ErrorCategory.PERMANENT)));

        for (long id : ids.subList(0, 3)) {
            Job job = store.jobGet(id).orElseThrow();
            assertThat(job.state()).isEqualTo(JobState.CANCELLED);
            assertThat(job.finishedAt()).isNotNull();
        }
        Job completed = store.jobGet(ids.get(3)).orElseThrow();
        assertThat(completed.state()).as("a finished outcome stands").isEqualTo(JobState.COMPLETED);
        assertThat(completed.cancellation()).as("and shows the cancel came too late").isNotNull();
        assertThat(store.jobGet(ids.get(4)).orElseThrow().state()).isEqualTo(JobState.DISCARDED);
        assertThat(store.jobStage(10)).as("nothing to run again").isZero();
    }

    @Test
    void aCancelRequestedJobOfALostNodeIsCancelledNotRetried() {
        Store store = store();
        List<Long> ids = store.jobInsertMany(List.of(available("q"), available("q")));
        store.jobClaim(new ClaimRequest("q", "ghost", 2));
        store.jobCancel(ids.get(0), "stop");

        List<Job> rescued = store.jobRescue(new RescueRequest(Duration.ofSeconds(30), Duration.ZERO, "leader", 10));

        assertThat(rescued).extracting(Job::id, Job::state).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(ids.get(0), JobState.CANCELLED),
                org.assertj.core.groups.Tuple.tuple(ids.get(1), JobState.RETRYABLE));
    }

    private static void awaitNext(CountDownLatch latch, long remaining) {
        await().atMost(Duration.ofSeconds(10)).until(() -> latch.getCount() <= remaining);
    }
}
