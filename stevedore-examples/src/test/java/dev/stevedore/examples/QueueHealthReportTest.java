package dev.stevedore.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.Stevedore;
import dev.stevedore.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The health guide's example: mail waiting for a worker is capped and says so; a worker lifts the cap. */
class QueueHealthReportTest {
    @TempDir
    Path dir;

    @Test
    void mailWithoutAWorkerIsCappedAndAStartedWorkerServesItWithinItsTarget() {
        Path db = dir.resolve("jobs.db");
        try (Stevedore producer = Stevedore.builder().store(SqliteStore.file(db)).build()) {
            producer.enqueue(new QueueHealthReport.SendMail("ann@example.com"), o -> o.queue("mail"));
            assertThat(QueueHealthReport.report(producer)).containsExactly(
                    "mail 20/100 (capped: no live node serves mail while 1 job is ready)",
                    "  → mail: no live node serves the queue while 1 job is ready — start a worker serving it "
                            + "(stevedore worker --queue mail)");
        }
        try (Stevedore worker = QueueHealthReport.configure(Stevedore.builder().store(SqliteStore.file(db))
                .pollInterval(Duration.ofMillis(50))).build()) {
            worker.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> worker.queueHealth("mail").score() == 100);
            assertThat(worker.queueHealth("mail").component("latency").measured()).isEqualTo("no job waiting (target 30s)");
            assertThat(QueueHealthReport.report(worker)).containsExactly("mail 100/100");
        }
    }
}
