package dev.stevedore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.Job;
import dev.stevedore.JobKind;
import dev.stevedore.JobState;
import dev.stevedore.Stevedore;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Progress reports and outputs of running handlers, end to end. Run as a {@code @Nested} group of
 * {@link RuntimeContract}, so every store runs it unchanged.
 */
public abstract class ProgressRuntimeContract {
    private static final ObjectMapper JSON = new ObjectMapper();

    @JobKind("tck.report")
    public record Report(int steps, String output) {}

    /** What a {@link Report} job records as its output. */
    public record Result(int rows, String location) {}

    private final CountDownLatch finish = new CountDownLatch(1);

    /** The enclosing contract's nodes. */
    protected abstract ContractNodes nodes();

    @AfterEach
    void release() {
        finish.countDown();
    }

    private Stevedore node() {
        return nodes().start(b -> b.maxOutputBytes(1024).handle(Report.class, (ctx, job) -> {
            for (int step = 1; step <= job.steps(); step++) {
                ctx.progress(step * 100 / job.steps(), "step " + step + " of " + job.steps());
            }
            switch (job.output()) {
                case "result" -> ctx.output(new Result(job.steps(), "s3://bucket/key"));
                case "huge" -> ctx.output("x".repeat(2_000));
                case "bad-percent" -> ctx.progress(101, "too far");
                default -> { }
            }
            finish.await(20, TimeUnit.SECONDS);
        }, k -> k.maxAttempts(1)));
    }

    @Test
    void progressIsReadableWhileTheJobRunsAndOutputAndFinalProgressAfter() throws Exception {
        Stevedore node = node();
        long id = node.enqueue(new Report(5_000, "result")).id();

        // The handler now waits with its progress reported: the latest of 5,000 reports must reach the row.
        await().atMost(RuntimeContract.WAIT).until(() -> new Job.Progress(100, "step 5000 of 5000")
                .equals(node.job(id).map(Job::progress).orElse(null)));
        assertThat(node.job(id).orElseThrow().state()).isEqualTo(JobState.RUNNING);
        finish.countDown();

        await().atMost(RuntimeContract.WAIT).until(() -> node.job(id).orElseThrow().state() == JobState.COMPLETED);
        Job done = node.job(id).orElseThrow();
        assertThat(done.progress()).isEqualTo(new Job.Progress(100, "step 5000 of 5000"));
        assertThat(JSON.readTree(done.output())).isEqualTo(JSON.readTree("{\"rows\":5000,\"location\":\"s3://bucket/key\"}"));
    }

    @Test
    void aJobThatRecordsNothingHasNoProgressAndNoOutput() {
        Stevedore node = node();
        finish.countDown();
        long id = node.enqueue(new Report(0, "none")).id();
        await().atMost(RuntimeContract.WAIT).until(() -> node.job(id).orElseThrow().state() == JobState.COMPLETED);
        Job done = node.job(id).orElseThrow();
        assertThat(done.progress()).isNull();
        assertThat(done.output()).isNull();
    }

    @Test
    void anOutputOverTheLimitAndAPercentOutOfRangeFailWithClearErrors() {
        Stevedore node = node();
        finish.countDown();
        long huge = node.enqueue(new Report(1, "huge")).id();
        long percent = node.enqueue(new Report(1, "bad-percent")).id();

        await().atMost(RuntimeContract.WAIT).until(() -> node.job(huge).orElseThrow().state().isFinal()
                && node.job(percent).orElseThrow().state().isFinal());
        assertThat(node.job(huge).orElseThrow().errors()).singleElement().satisfies(e -> assertThat(e.message())
                .contains("2002 bytes of JSON, over the limit of 1024 (maxOutputBytes"));
        assertThat(node.job(percent).orElseThrow().errors()).singleElement().satisfies(e -> assertThat(e.message())
                .isEqualTo("percent must be in [0, 100], was 101"));
    }
}
