package dev.stevedore.tck;

import static dev.stevedore.tck.ContractJobs.available;
import static dev.stevedore.tck.ContractJobs.finish;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.Completion;
import dev.stevedore.spi.ProgressReport;
import dev.stevedore.spi.Store;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The store methods behind {@code JobContext.progress} and {@code JobContext.output}. Run as a
 * {@code @Nested} group of {@link StoreContract}, so every store runs it unchanged.
 */
public abstract class ProgressContract {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The store under test (the enclosing contract's). */
    protected abstract Store store();

    @Test
    void progressOfARunningAttemptIsWrittenAndFencedByAttempt() {
        Store store = store();
        List<Long> ids = store.jobInsertMany(List.of(available("q"), available("q")));
        store.jobClaim(new ClaimRequest("q", "n", 2));

        int applied = store.jobProgressMany(List.of(
                new ProgressReport(ids.get(0), 1, new Job.Progress(40, "uploading 'part' 2/5 é🚀")),
                new ProgressReport(ids.get(1), 2, new Job.Progress(90, "a stale attempt"))));

        assertThat(applied).isEqualTo(1);
        assertThat(store.jobGet(ids.get(0)).orElseThrow().progress())
                .isEqualTo(new Job.Progress(40, "uploading 'part' 2/5 é🚀"));
        assertThat(store.jobGet(ids.get(1)).orElseThrow().progress()).isNull();
        assertThat(store.jobProgressMany(List.of())).isZero();

        store.jobCompleteMany(List.of(finish(ids.get(0), 1, JobState.COMPLETED)));
        assertThat(store.jobProgressMany(List.of(new ProgressReport(ids.get(0), 1, new Job.Progress(99, "late")))))
                .as("the job left running").isZero();
        assertThat(store.jobGet(ids.get(0)).orElseThrow().progress()).as("kept after completion")
                .isEqualTo(new Job.Progress(40, "uploading 'part' 2/5 é🚀"));
    }

    @Test
    void anOutcomeCarriesOutputAndFinalProgressWhileOthersKeepWhatTheJobHas() throws Exception {
        Store store = store();
        List<Long> ids = store.jobInsertMany(List.of(available("q"), available("q")));
        store.jobClaim(new ClaimRequest("q", "n", 2));
        store.jobProgressMany(List.of(new ProgressReport(ids.get(1), 1, new Job.Progress(30, "thinking"))));
        String output = "{\"rows\": 12, \"file\": \"s3://b/k\", \"nested\": [1, {\"x\": null}], \"text\": \"é \\\"q\\\"\"}";

        store.jobCompleteMany(List.of(
                new Completion(ids.get(0), 1, JobState.COMPLETED, Duration.ZERO, null, Completion.AttemptUse.CONSUMED,
                        output, new Job.Progress(100, "done")),
                finish(ids.get(1), 1, JobState.COMPLETED)));

        Job done = store.jobGet(ids.get(0)).orElseThrow();
        assertThat(JSON.readTree(done.output())).isEqualTo(JSON.readTree(output));
        assertThat(done.progress()).isEqualTo(new Job.Progress(100, "done"));
        Job quiet = store.jobGet(ids.get(1)).orElseThrow();
        assertThat(quiet.output()).isNull();
        assertThat(quiet.progress()).as("a completion without progress keeps the last report")
                .isEqualTo(new Job.Progress(30, "thinking"));
    }

    @Test
    void aNewAttemptStartsWithoutTheProgressOfThePreviousOne() {
        Store store = store();
        long id = store.jobInsertMany(List.of(available("q"))).get(0);
        store.jobClaim(new ClaimRequest("q", "n", 1));
        store.jobProgressMany(List.of(new ProgressReport(id, 1, new Job.Progress(70, "almost"))));
        store.jobCompleteMany(List.of(new Completion(id, 1, JobState.RETRYABLE, Duration.ZERO, null,
                Completion.AttemptUse.CONSUMED)));
        store.jobStage(10);

        Job again = store.jobClaim(new ClaimRequest("q", "n", 1)).get(0);

        assertThat(again.attempt()).isEqualTo(2);
        assertThat(again.progress()).isNull();
        assertThat(store.jobGet(id).orElseThrow().progress()).isNull();
    }
}
