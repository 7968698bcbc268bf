package dev.stevedore.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.spi.JobFilter;
import dev.stevedore.sqlite.SqliteStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README example runs as written: its three jobs are stored, and the two due at once are done. */
class QuickStartTest {
    @TempDir
    Path dir;

    @Test
    void quickStartRunsItsJobs() throws Exception {
        Path file = dir.resolve("jobs.db");
        QuickStart.main(new String[] {file.toString()});
        try (var store = SqliteStore.file(file)) {
            List<Job> jobs = store.jobList(JobFilter.all(10));
            assertThat(jobs).hasSize(3).allSatisfy(job -> {
                assertThat(job.kind()).isEqualTo("email.send");
                assertThat(job.queue()).isEqualTo("mail");
            });
            assertThat(jobs).filteredOn(job -> !job.args().contains("tips"))
                    .extracting(Job::state).containsOnly(JobState.COMPLETED);
        }
    }
}
