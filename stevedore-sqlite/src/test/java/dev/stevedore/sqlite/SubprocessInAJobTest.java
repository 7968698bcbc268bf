package dev.stevedore.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.ErrorCategory;
import dev.stevedore.Job;
import dev.stevedore.JobKind;
import dev.stevedore.JobState;
import dev.stevedore.Stevedore;
import dev.stevedore.Subprocess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A job that runs a hanging process tree ends at its own timeout with every process of the tree dead. */
class SubprocessInAJobTest {
    @JobKind("test.subprocess.hang")
    record Hang(String script) {}

    private final List<Long> pids = new CopyOnWriteArrayList<>();

    @Test
    void theJobTimeoutKillsTheSubprocessTree() throws Exception {
        try (SqliteFixture fixture = new SqliteFixture();
             Stevedore node = Stevedore.builder()
                     .store(fixture.store())
                     .pollInterval(Duration.ofMillis(50))
                     .interruptGrace(Duration.ofSeconds(5))
                     .queue("default")
                     .handle(Hang.class, (ctx, job) -> Subprocess.of("sh", "-c", job.script())
                             .onStdoutLine(line -> pids.add(Long.parseLong(line.strip())))
                             .run())
                     .build()) {
            node.start();
            long id = node.enqueue(new Hang("sleep 60 & echo $!; sleep 60 & echo $!; echo $$; wait"),
                    o -> o.timeout(Duration.ofSeconds(1)).maxAttempts(1)).id();

            await().atMost(Duration.ofSeconds(20)).until(() -> node.job(id).map(Job::state).orElseThrow() == JobState.DISCARDED);

            Job job = node.job(id).orElseThrow();
            assertThat(job.errorCategory()).isEqualTo(ErrorCategory.TIMEOUT);
            assertThat(job.errors().get(0).message()).contains("interrupted while running `sh -c");
            assertThat(pids).as("two sleeps and the shell").hasSize(3);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(pids).noneMatch(SubprocessInAJobTest::running));
        }
    }

    /** Exists and is not a zombie (killed orphans wait for the container's init to reap them). */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }
}
