package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.spi.Store;
import dev.stevedore.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code enqueue} and {@code status} against a real SQLite file. */
class EnqueueStatusTest {
    @TempDir
    Path dir;

    @Test
    void enqueuedJobsAreStoredAsGivenAndCountedByStatus() throws Exception {
        Path db = dir.resolve("jobs.db");
        CliRun first = CliRun.of("enqueue", "--database", "sqlite:" + db, "--kind", "email.send",
                "--args", "{ \"userId\": 42, \"template\": \"welcome\" }", "--queue", "mail", "--priority", "5",
                "--max-attempts", "3", "--tag", "signup", "--meta", "tenant=acme");
        assertThat(first.code()).as(first.toString()).isZero();
        long id = Long.parseLong(first.out().strip());

        CliRun later = CliRun.of("enqueue", "-d", db.toString(), "-k", "report.build", "-a", "{\"month\":\"2025-01\"}",
                "--delay", "1h", "--start-within", "10m", "--deadline", "2h", "--heartbeat-timeout", "30s");
        assertThat(later.code()).as(later.toString()).isZero();
        long laterId = Long.parseLong(later.out().strip());

        try (Store store = SqliteStore.file(db)) {
            Job job = store.jobGet(id).orElseThrow();
            assertThat(job.kind()).isEqualTo("email.send");
            assertThat(job.queue()).isEqualTo("mail");
            assertThat(job.state()).isEqualTo(JobState.AVAILABLE);
            assertThat(job.priority()).isEqualTo(5);
            assertThat(job.maxAttempts()).isEqualTo(3);
            assertThat(new ObjectMapper().readTree(job.args()))
                    .isEqualTo(new ObjectMapper().readTree("{\"userId\":42,\"template\":\"welcome\"}"));
            assertThat(job.tags()).containsExactly("signup");
            assertThat(job.metadata()).containsEntry("tenant", "acme");

            Job scheduled = store.jobGet(laterId).orElseThrow();
            assertThat(scheduled.queue()).isEqualTo("default");
            assertThat(scheduled.state()).isEqualTo(JobState.SCHEDULED);
            assertThat(Duration.between(scheduled.createdAt(), scheduled.scheduledAt()))
                    .isBetween(Duration.ofMinutes(59), Duration.ofMinutes(61));
            assertThat(scheduled.startBy()).isEqualTo(scheduled.scheduledAt().plus(Duration.ofMinutes(10)));
            assertThat(scheduled.deadline()).isEqualTo(scheduled.createdAt().plus(Duration.ofHours(2)));
            assertThat(scheduled.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(job.startBy()).isNull();
        }

        CliRun table = CliRun.of("status", "--database", db.toString());
        assertThat(table.code()).as(table.toString()).isZero();
        assertThat(table.out()).contains("QUEUE").contains("AVAILABLE").contains("SCHEDULED")
                .containsPattern("(?m)^mail\\s+0\\s+1\\s+0")
                .containsPattern("(?m)^default\\s+1\\s+0\\s+0")
                .contains("No worker nodes.").contains("Leader:   none");

        CliRun json = CliRun.of("status", "--database", db.toString(), "--json");
        assertThat(json.code()).as(json.toString()).isZero();
        JsonNode snapshot = new ObjectMapper().readTree(json.out());
        assertThat(snapshot.get("queues")).hasSize(2);
        JsonNode mail = snapshot.get("queues").get(1);
        assertThat(mail.get("queue").asText()).isEqualTo("mail");
        assertThat(mail.get("counts").get("available").asLong()).isEqualTo(1);
        assertThat(mail.get("total").asLong()).isEqualTo(1);
        assertThat(snapshot.get("nodes")).isEmpty();
        assertThat(snapshot.get("leader").isNull()).isTrue();
    }

    @Test
    void pausedQueuesAreMarkedEvenWithoutJobs() throws Exception {
        Path db = dir.resolve("paused.db");
        try (Store store = SqliteStore.file(db)) {
            store.queuePause("mail");
        }
        CliRun.of("enqueue", "-d", db.toString(), "-k", "report.build", "-a", "{}");

        CliRun table = CliRun.of("status", "--database", db.toString());
        assertThat(table.out()).containsPattern("(?m)^mail\\s+(0\\s+){8}0\\s+paused$")
                .containsPattern("(?m)^default\\s+0\\s+1\\s+(0\\s+){6}1\\s*$");
        JsonNode queues = new ObjectMapper().readTree(CliRun.of("status", "-d", db.toString(), "--json").out()).get("queues");
        assertThat(queues.get(1).get("queue").asText()).isEqualTo("mail");
        assertThat(queues.get(1).get("paused").asBoolean()).isTrue();
        assertThat(queues.get(0).get("paused").asBoolean()).isFalse();
    }

    @Test
    void statusOfAnEmptyDatabaseSaysSo() {
        CliRun run = CliRun.of("status", "-d", "sqlite:" + dir.resolve("empty.db"));
        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.out()).contains("No jobs.").contains("No worker nodes.");
    }
}
