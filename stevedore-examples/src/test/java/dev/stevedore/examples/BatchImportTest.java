package dev.stevedore.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.BatchState;
import dev.stevedore.BatchStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batches guide's example runs as written: the batch succeeds, the workflow runs in order. */
class BatchImportTest {
    @TempDir
    Path dir;

    @Test
    void theBatchAndTheWorkflowFinishInOrder() throws Exception {
        BatchImport.Seen seen = BatchImport.run(dir.resolve("jobs.db"));
        assertThat(seen.imports()).extracting(BatchStatus::state, BatchStatus::completed, BatchStatus::total)
                .containsExactly(BatchState.SUCCEEDED, 3, 3);
        assertThat(seen.publishing().state()).isEqualTo(BatchState.SUCCEEDED);
        assertThat(seen.steps()).hasSize(5).startsWith("fetch").endsWith("publish", "notify");
        assertThat(seen.steps().subList(1, 3)).containsExactlyInAnyOrder("resize", "thumbnail");
    }
}
