package dev.stevedore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.stevedore.spi.ProgressReport;
import dev.stevedore.spi.UnusableStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The throttle on progress writes: a chatty handler must not flood the store. */
class ProgressWriterTest {
    private final List<List<ProgressReport>> writes = new CopyOnWriteArrayList<>();
    private final ProgressWriter writer = new ProgressWriter(new UnusableStore() {
        @Override
        public int jobProgressMany(List<ProgressReport> reports) {
            writes.add(List.copyOf(reports));
            return reports.size();
        }
    });
    private final Execution execution = new Execution(AdmittedJob.anyTime(SettlerTest.job(1, 3)), null, Instant.MAX, System.nanoTime(), settlement -> { });
    private final JobContext context = new RunningJobContext(execution, "node-a", new ArgsCodec(1 << 20), 1024, writer, null);

    @Test
    void aHandlerReportingWithoutPauseIsWrittenAtMostOncePerIntervalAndTheLatestReportWins() {
        writer.start();
        long started = System.nanoTime();
        int reports = 0;
        try {
            while (System.nanoTime() - started < Duration.ofSeconds(1).toNanos()) {
                context.progress(reports % 100, "step " + reports);
                reports++;
            }
            Job.Progress last = new Job.Progress((reports - 1) % 100, "step " + (reports - 1));
            await().atMost(Duration.ofSeconds(5)).until(() -> !writes.isEmpty()
                    && writes.get(writes.size() - 1).get(0).progress().equals(last));
        } finally {
            writer.stop();
        }
        long elapsedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertThat(reports).as("the handler reported freely").isGreaterThan(1_000);
        assertThat(writes).as("%d reports in %d ms", reports, elapsedMs)
                .hasSizeLessThanOrEqualTo((int) (elapsedMs / ProgressWriter.INTERVAL.toMillis()) + 2)
                .allSatisfy(batch -> assertThat(batch).singleElement()
                        .extracting(ProgressReport::jobId, ProgressReport::attempt).containsExactly(42L, 1));
    }

    @Test
    void aReportIsValidatedAndItsMessageBounded() {
        assertThatThrownBy(() -> context.progress(-1, "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("percent must be in [0, 100], was -1");
        context.progress(50, "é".repeat(10_000) + "\0");
        assertThat(execution.progress.message()).hasSizeLessThanOrEqualTo(Job.Progress.MAX_MESSAGE_CHARS)
                .startsWith("éé").doesNotContain("\0");
    }
}
