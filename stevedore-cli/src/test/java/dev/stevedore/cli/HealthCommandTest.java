package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.spi.BreakerReport;
import dev.stevedore.spi.BreakerRule;
import dev.stevedore.spi.NodeBeat;
import dev.stevedore.spi.NodeHealth;
import dev.stevedore.spi.QueueSettings;
import dev.stevedore.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stevedore health} against a real SQLite file: the table, the JSON, one queue, bad input. */
class HealthCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void readyJobsWithoutANodeAreCappedAndTheTableShowsComponentsAndWhatToDo() throws Exception {
        String db = migrated();
        assertThat(ok("health", "-d", db).out()).isEqualTo("No queues." + System.lineSeparator());
        for (int i = 0; i < 3; i++) {
            ok("enqueue", "-d", db, "--kind", "email.send", "--args", "{\"n\":" + i + "}", "--queue", "mail");
        }

        String out = ok("health", "-d", db).out();

        assertThat(out).startsWith("mail: 20/100 (capped: no live node serves mail while 3 jobs are ready)")
                .contains("  COMPONENT  WEIGHT  SCORE  MEASURED")
                .containsPattern("  failures     0\\.30    100  no attempt ended in the last 15m")
                .containsPattern("  latency      0\\.25    100  oldest ready job waited \\S+ \\(target 1m\\)")
                .contains("  backlog      0.15    100  no samples yet: the leader takes one a minute")
                .contains("  stuck        0.15    100  none of 0 running")
                .contains("  breakers     0.15    100  no breaker covers this queue")
                .contains("  → mail: no live node serves the queue while 3 jobs are ready — start a worker serving it "
                        + "(stevedore worker --queue mail)");
    }

    @Test
    void oneQueueAsJsonCarriesEveryComponentAndALiveNodeLiftsTheCap() throws Exception {
        String db = migrated();
        ok("enqueue", "-d", db, "--kind", "email.send", "--args", "{}", "--queue", "mail");
        try (SqliteStore store = SqliteStore.file(db)) {
            store.nodeHeartbeat(new NodeBeat("worker-1", "host", 1, List.of("mail"), 0, NodeHealth.UNKNOWN,
                    Map.of("mail", new QueueSettings(20, Duration.ofSeconds(30)))));
        }

        JsonNode health = JSON.readTree(ok("health", "--queue", "mail", "--json", "-d", db).out());

        assertThat(health.get("queue").asText()).isEqualTo("mail");
        assertThat(health.get("score").asInt()).isEqualTo(100);
        assertThat(health.get("cap").isNull()).isTrue();
        assertThat(health.get("sampledAt").asText()).endsWith("Z");
        assertThat(health.get("recommendations")).isEmpty();
        assertThat(health.get("components")).hasSize(5);
        JsonNode latency = health.get("components").get(1);
        assertThat(latency.get("name").asText()).isEqualTo("latency");
        assertThat(latency.get("weight").asDouble()).isEqualTo(0.25);
        assertThat(latency.get("score").asInt()).isEqualTo(100);
        assertThat(latency.get("measured").asText()).endsWith("(target 30s)");
        assertThat(latency.has("value")).isTrue();
    }

    @Test
    void theApplicationsBreakersCountOnlyWhenItsClasspathIsGiven() throws Exception {
        String db = migrated();
        try (SqliteStore store = SqliteStore.file(db)) {
            store.breakerRecord(List.of(new BreakerReport(TestWorkerModule.BREAKER,
                    new BreakerRule(1, 0, 1, Duration.ofMinutes(1), Duration.ofMinutes(5)), 0, 1, List.of())));
        }
        String queue = TestWorkerModule.BREAKER_QUEUE;

        assertThat(ok("health", "--queue", queue, "-d", db).out()).startsWith(queue + ": 100/100")
                .contains("no breaker covers this queue");
        String withApp = ok("health", "--queue", queue, "-d", db, "--classpath",
                Path.of("target", "test-classes").toString()).out();
        assertThat(withApp).startsWith(queue + ": 85/100")
                .containsPattern("breakers     0\\.15      0  cli-test\\.payments-api open until \\d\\d:\\d\\d:\\d\\d UTC")
                .contains("→ " + queue + ": breaker cli-test.payments-api open since ");
    }

    @Test
    void aBadQueueNameIsAUsageError() throws Exception {
        String db = migrated();
        CliRun bad = CliRun.of("health", "--queue", "no spaces", "-d", db);
        assertThat(bad.code()).as(bad.toString()).isEqualTo(Main.USAGE);
        assertThat(bad.err()).contains("no spaces");
    }

    private String migrated() {
        return CliRun.migrated(dir);
    }

    private static CliRun ok(String... args) {
        return CliRun.ok(args);
    }
}
