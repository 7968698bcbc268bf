package dev.stevedore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.Job;
import dev.stevedore.JobKind;
import dev.stevedore.JobState;
import dev.stevedore.Stevedore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Cancelling running jobs from any node, end to end. Run as a {@code @Nested} group of
 * {@link RuntimeContract}, so every store runs it unchanged.
 *
 * <p>"Within a second": the node reads cancel requests every second (a notification makes it sooner),
 * so each test allows {@link #LANDS_WITHIN} from the request to the recorded cancel.
 */
public abstract class CancelRuntimeContract {
    /** A second for the node's read, plus room for a slow machine. */
    static final Duration LANDS_WITHIN = Duration.ofMillis(2_500);

    /** How a {@link Cancellable} job reacts to its cancel. */
    public enum Reaction { BLOCK, POLL_CONTEXT, FINISH_ANYWAY }

    @JobKind("tck.cancellable")
    public record Cancellable(String key, Reaction reaction) {}

    private final Map<String, CountDownLatch> started = new ConcurrentHashMap<>();
    private final Map<String, Throwable> seen = new ConcurrentHashMap<>();
    private Stevedore other;

    /** The enclosing contract's nodes. */
    protected abstract ContractNodes nodes();

    @AfterEach
    void closeOther() {
        if (other != null) {
            other.close();
        }
    }

    private Stevedore node() {
        return nodes().start(b -> b.handle(Cancellable.class, (ctx, job) -> {
            started.computeIfAbsent(job.key(), k -> new CountDownLatch(1)).countDown();
            try {
                switch (job.reaction()) {
                    case BLOCK -> Thread.sleep(60_000);
                    case POLL_CONTEXT -> {
                        while (true) {
                            Thread.onSpinWait();
                            ctx.checkCancelled(); // spinning ignores the interrupt: only the context can tell
                        }
                    }
                    case FINISH_ANYWAY -> {
                        try {
                            Thread.sleep(60_000);
                        } catch (InterruptedException e) {
                            seen.put(job.key(), e); // finishes normally: its outcome must stand
                        }
                    }
                }
            } catch (Throwable e) {
                seen.put(job.key(), e);
                throw e;
            }
        }, k -> k.maxAttempts(5)));
    }

    private long startedJob(Stevedore node, String key, Reaction reaction) throws InterruptedException {
        long id = node.enqueue(new Cancellable(key, reaction)).id();
        assertThat(started.computeIfAbsent(key, k -> new CountDownLatch(1)).await(20, TimeUnit.SECONDS))
                .as("job %s started", key).isTrue();
        return id;
    }

    private Job awaitFinal(Stevedore node, long id) {
        await().atMost(LANDS_WITHIN).until(() -> node.job(id).orElseThrow().state().isFinal());
        return node.job(id).orElseThrow();
    }

    @Test
    void aCancelledRunningJobIsInterruptedAndEndsCancelledWithoutRetries() throws Exception {
        Stevedore node = node();
        long id = startedJob(node, "block", Reaction.BLOCK);

        Job requested = node.cancel(id).orElseThrow();

        assertThat(requested.state()).isEqualTo(JobState.RUNNING);
        assertThat(requested.cancelPending()).isTrue();
        Job job = awaitFinal(node, id);
        assertThat(job.state()).isEqualTo(JobState.CANCELLED);
        assertThat(job.attempt()).as("no further attempt").isEqualTo(1);
        assertThat(job.cancellation().reason()).isEqualTo("cancelled by request");
        assertThat(seen.get("block")).as("the handler's thread was interrupted").isInstanceOf(InterruptedException.class);
    }

    @Test
    void aCancelFromAnotherNodeReachesTheNodeRunningTheJob() throws Exception {
        Stevedore node = node();
        long id = startedJob(node, "remote", Reaction.BLOCK);
        other = Stevedore.builder().store(nodes().fixture().secondStore()).build(); // never started: only the API

        assertThat(other.cancel(id).orElseThrow().cancelPending()).isTrue();

        assertThat(awaitFinal(node, id).state()).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void aHandlerThatNeverBlocksSeesTheCancelThroughItsContext() throws Exception {
        Stevedore node = node();
        long id = startedJob(node, "poll", Reaction.POLL_CONTEXT);

        node.cancel(id);

        assertThat(awaitFinal(node, id).state()).isEqualTo(JobState.CANCELLED);
        assertThat(seen.get("poll")).isInstanceOf(java.util.concurrent.CancellationException.class);
    }

    @Test
    void aJobThatFinishesDespiteTheCancelKeepsItsOutcomeAndShowsTheRequest() throws Exception {
        Stevedore node = node();
        long id = startedJob(node, "finish", Reaction.FINISH_ANYWAY);

        node.cancel(id);

        Job job = awaitFinal(node, id);
        assertThat(job.state()).isEqualTo(JobState.COMPLETED);
        assertThat(job.cancellation()).as("the API says a cancel was asked for").isNotNull();
        assertThat(job.cancelPending()).isFalse();
    }
}
