package dev.stevedore.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.JobFilter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes on one file, as a worker and CLI enqueues are: every job written by the children is
 * claimed exactly once by this process, and no write is lost to SQLITE_BUSY.
 */
class TwoProcessTest {
    private static final int CHILDREN = 2;
    private static final int BATCHES = 100;
    private static final int SIZE = 10;

    @TempDir
    Path dir;

    @Test
    void jobsEnqueuedByOtherProcessesAreAllClaimedExactlyOnce() throws Exception {
        Path file = dir.resolve("shared.db");
        Process[] children = new Process[CHILDREN];
        for (int i = 0; i < CHILDREN; i++) {
            children[i] = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), EnqueueProcess.class.getName(),
                    file.toString(), String.valueOf(BATCHES), String.valueOf(SIZE))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("child-" + i + ".log").toFile()).start();
        }
        int expected = CHILDREN * BATCHES * SIZE;
        Set<Long> claimed = new HashSet<>();
        int duplicates = 0;
        try (SqliteStore worker = SqliteStore.file(file)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (claimed.size() < expected && System.nanoTime() < deadline) {
                List<Job> batch = worker.jobClaim(new ClaimRequest("q", "worker", 25));
                for (Job job : batch) {
                    duplicates += claimed.add(job.id()) ? 0 : 1;
                }
                worker.jobCompleteMany(batch.stream().map(j -> Jobs.done(j.id(), j.attempt())).toList());
                if (batch.isEmpty()) {
                    Thread.sleep(5); // a poll interval, as a real producer has
                }
            }
            for (int i = 0; i < CHILDREN; i++) {
                assertThat(children[i].waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(children[i].exitValue()).as(log(i)).isZero();
            }
            assertThat(duplicates).isZero();
            assertThat(claimed).hasSize(expected);
            assertThat(worker.jobList(new JobFilter(Set.of(JobState.COMPLETED), null, null, null, 10_000)))
                    .hasSize(expected);
        } finally {
            for (Process child : children) {
                child.destroyForcibly();
            }
        }
    }

    private String log(int child) {
        try {
            return Files.readString(dir.resolve("child-" + child + ".log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
