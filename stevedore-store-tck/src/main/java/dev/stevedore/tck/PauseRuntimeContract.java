package dev.stevedore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.Enqueued;
import dev.stevedore.Job;
import dev.stevedore.JobKind;
import dev.stevedore.JobState;
import dev.stevedore.PausedQueue;
import dev.stevedore.Stevedore;
import dev.stevedore.spi.QueueCount;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pausing, resuming and clearing a queue, end to end. Run as a {@code @Nested} group of
 * {@link RuntimeContract}, so every store runs it unchanged.
 *
 * <p>The nodes here poll for work only every 30 s, so anything that happens sooner was caused by a
 * wake-up: a resume on the node itself, or the node's control read (a second, or a notification).
 */
public abstract class PauseRuntimeContract {
    /** How long a paused queue is watched for a claim that should not happen. */
    private static final Duration QUIET = Duration.ofMillis(1_500);
    /** A second for the node's control read, plus room for a slow machine. */
    private static final Duration LANDS_WITHIN = Duration.ofMillis(2_500);
    private static final String QUEUE = "ctl";

    @JobKind("tck.tick")
    public record Tick(String key) {}

    @JobKind("tck.gate")
    public record Gate(String key) {}

    private final AtomicInteger ticks = new AtomicInteger();
    private final AtomicInteger gatesStarted = new AtomicInteger();
    private final CountDownLatch openGates = new CountDownLatch(1);
    private Stevedore other;

    /** The enclosing contract's nodes. */
    protected abstract ContractNodes nodes();

    @AfterEach
    void release() {
        openGates.countDown();
        if (other != null) {
            other.close();
        }
    }

    private Stevedore node(int concurrency) {
        return nodes().start(b -> b.pollInterval(Duration.ofSeconds(30))
                .queue(QUEUE, q -> q.concurrency(concurrency))
                .handle(Tick.class, (ctx, job) -> ticks.incrementAndGet(), k -> k.queue(QUEUE))
                .handle(Gate.class, (ctx, job) -> {
                    gatesStarted.incrementAndGet();
                    openGates.await(20, TimeUnit.SECONDS);
                }, k -> k.queue(QUEUE)));
    }

    private void enqueueTicks(Stevedore node, int n) {
        node.enqueueMany(IntStream.range(0, n).mapToObj(i -> new Tick("t" + i)).toList(), o -> { });
    }

    private void assertNothingRunsFor(Duration quiet) {
        await().during(quiet).atMost(quiet.plusSeconds(5)).until(() -> ticks.get() == 0);
    }

    @Test
    void aPausedQueueStartsNothingWhileRunningJobsFinishAndAResumeClaimsAtOnce() {
        Stevedore node = node(2);
        long gate = node.enqueue(new Gate("g")).id();
        await().atMost(RuntimeContract.WAIT).until(() -> gatesStarted.get() == 1);

        node.pauseQueue(QUEUE);
        enqueueTicks(node, 3);
        openGates.countDown();

        await().atMost(RuntimeContract.WAIT).until(() -> node.job(gate).orElseThrow().state() == JobState.COMPLETED);
        assertNothingRunsFor(QUIET);
        assertThat(node.pausedQueues()).extracting(PausedQueue::queue).containsExactly(QUEUE);

        assertThat(node.resumeQueue(QUEUE)).isTrue();
        await().atMost(LANDS_WITHIN).until(() -> ticks.get() == 3);
        assertThat(node.pausedQueues()).isEmpty();
    }

    @Test
    void aPauseAndAResumeFromAnotherNodeReachThisNode() {
        Stevedore node = node(2);
        other = Stevedore.builder().store(nodes().fixture().secondStore()).build(); // never started: only the API
        other.pauseQueue(QUEUE);
        enqueueTicks(node, 3);

        assertNothingRunsFor(QUIET);

        assertThat(other.resumeQueue(QUEUE)).isTrue();
        await().atMost(LANDS_WITHIN).until(() -> ticks.get() == 3);
    }

    @Test
    void pausingHandsBackJobsClaimedAheadAndResumingRunsThem() {
        Stevedore node = node(8);
        // Fast jobs first, so the queue's pace says a claim should fetch well ahead of free slots.
        enqueueTicks(node, 400);
        await().atMost(RuntimeContract.WAIT).until(() -> ticks.get() == 400);
        ticks.set(0);
        node.enqueueMany(IntStream.range(0, 8).mapToObj(i -> new Gate("slot" + i)).toList(), o -> { });
        enqueueTicks(node, 200);
        await().atMost(RuntimeContract.WAIT).until(() -> gatesStarted.get() == 8 && running() > 8);

        node.pauseQueue(QUEUE);

        await().atMost(LANDS_WITHIN).until(() -> running() == 8);
        assertThat(ticks.get()).as("claimed ahead, never started").isZero();
        openGates.countDown();
        node.resumeQueue(QUEUE);
        await().atMost(RuntimeContract.WAIT).until(() -> ticks.get() == 200);
    }

    @Test
    void clearingAQueueCancelsItsWaitingJobsAndDeletesNothing() {
        Stevedore node = node(2);
        node.pauseQueue(QUEUE);
        List<Long> ids = node.enqueueMany(List.of(new Tick("a"), new Tick("b"), new Tick("c")),
                o -> o.in(Duration.ofHours(1))).stream().map(Enqueued::id).toList();

        assertThat(node.clearQueue(QUEUE)).isEqualTo(3);

        for (long id : ids) {
            Job job = node.job(id).orElseThrow();
            assertThat(job.state()).isEqualTo(JobState.CANCELLED);
            assertThat(job.cancellation().reason()).isEqualTo("queue " + QUEUE + " cleared");
        }
        assertThat(node.clearQueue(QUEUE)).isZero();
    }

    private long running() {
        return nodes().fixture().store().queueCounts().stream()
                .filter(c -> c.queue().equals(QUEUE) && c.state() == JobState.RUNNING)
                .mapToLong(QueueCount::count).sum();
    }
}
