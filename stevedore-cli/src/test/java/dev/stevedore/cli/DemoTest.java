package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.JobState;
import dev.stevedore.spi.QueueCount;
import dev.stevedore.spi.Store;
import dev.stevedore.sqlite.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stevedore demo} runs to completion and reports what happened. */
class DemoTest {
    @TempDir
    Path dir;

    @Test
    void demoFinishesEveryJobAndReportsRetriesAndDiscards() throws Exception {
        Path db = dir.resolve("demo.db");
        Files.writeString(db, "not a database: the demo recreates its file");

        CliRun run = CliRun.of("demo", "--file", db.toString(), "--seconds", "20");

        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("Demo: 40 jobs")
                .containsPattern("Finished in [0-9.]+s: 40 jobs, 38 completed, 2 discarded, 0 unfinished")
                .containsPattern("retried: +3 jobs \\(4 failed attempts")
                .containsPattern("snoozed: +1 time")
                .contains("retry    job").contains("discard  job").contains("no such month: 2025-13")
                .contains("account 404 is closed")
                .containsPattern("\\[ *[0-9.]+s] mail +\\d+/24 done");
        try (Store store = SqliteStore.file(db)) {
            Map<JobState, Long> byState = store.queueCounts().stream()
                    .collect(Collectors.groupingBy(QueueCount::state, Collectors.summingLong(QueueCount::count)));
            assertThat(byState).containsOnlyKeys(JobState.COMPLETED, JobState.DISCARDED);
            assertThat(byState.get(JobState.COMPLETED)).isEqualTo(38);
            assertThat(byState.get(JobState.DISCARDED)).isEqualTo(2);
        }
    }
}
