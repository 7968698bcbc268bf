package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.JobState;
import dev.stevedore.spi.Store;
import dev.stevedore.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stevedore worker} loads a module from --classpath, runs its jobs, and stops gracefully when asked. */
class WorkerTest {
    @TempDir
    Path dir;

    @Test
    void workerRunsJobsOfTheModuleOnItsClasspathAndStopsOnSignal() throws Exception {
        Path db = dir.resolve("worker.db");
        Path classes = Path.of("target", "test-classes");
        assertThat(CliRun.of("migrate", "up", "-d", db.toString()).code()).isZero();
        ShutdownSignal signal = ShutdownSignal.manual();
        CompletableFuture<CliRun> worker = CompletableFuture.supplyAsync(() -> CliRun.with(new Main(signal),
                "worker", "--database", db.toString(), "--classpath", classes.toString(), "--queue", "greetings=2",
                "--node-id", "test-worker"));

        CliRun enqueue = CliRun.of("enqueue", "-d", db.toString(), "--kind", "cli-test.greet",
                "--args", "{\"name\":\"Ada\"}", "--queue", "greetings");
        assertThat(enqueue.code()).as(enqueue.toString()).isZero();
        long id = Long.parseLong(enqueue.out().strip());

        try (Store store = SqliteStore.file(db)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (store.jobGet(id).orElseThrow().state() != JobState.COMPLETED && System.nanoTime() < deadline
                    && !worker.isDone()) {
                Thread.sleep(50);
            }
            assertThat(worker.isDone()).as(() -> "worker ended early: " + worker.join()).isFalse();
            assertThat(store.jobGet(id).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
            assertThat(store.jobGet(id).orElseThrow().attemptedBy()).isEqualTo("test-worker");
            assertThat(TestWorkerModule.GREETED).contains("Ada");

            CliRun status = CliRun.of("status", "-d", db.toString());
            assertThat(status.out()).contains("test-worker").contains("greetings");

            signal.request();
            CliRun result = worker.get(30, TimeUnit.SECONDS);
            assertThat(result.code()).as(result.toString()).isZero();
            assertThat(result.out()).contains("worker test-worker running").contains("TestWorkerModule")
                    .contains("worker test-worker stopped");
            assertThat(signal.awaitStopped(Duration.ZERO)).isTrue();
            assertThat(store.nodeList()).as("a graceful stop removes the node").isEmpty();
        }
    }

    @Test
    void workerWithoutAnyQueueRefusesToStart() {
        CliRun run = CliRun.of("worker", "--database", dir.resolve("none.db").toString(),
                "--classpath", Path.of("target", "test-classes").toString());
        assertThat(run.code()).as(run.toString()).isEqualTo(Main.USAGE);
        assertThat(run.err()).contains("no queues to run: pass --queue NAME[=CONCURRENCY]").doesNotContain("\tat ");
    }

    @Test
    void aWorkerAboveItsMemoryCeilingStopsGracefullyWithTheRestartCode() throws Exception {
        Path db = dir.resolve("ceiling.db");
        assertThat(CliRun.of("migrate", "up", "-d", db.toString()).code()).isZero();
        System.setProperty(TestWorkerModule.FAST_HEARTBEAT, "true");
        try {
            // Any JVM is resident above 16 MiB: three beats later (0.6 s) the worker restarts itself.
            CliRun run = CompletableFuture.supplyAsync(() -> CliRun.with(new Main(ShutdownSignal.manual()),
                    "worker", "--database", db.toString(), "--classpath", Path.of("target", "test-classes").toString(),
                    "--queue", "greetings=1", "--node-id", "heavy-worker", "--restart-above", "16m"))
                    .get(30, TimeUnit.SECONDS);
            assertThat(run.code()).as(run.toString()).isEqualTo(WorkerCommand.RESTART_EXIT_CODE);
            assertThat(run.out()).contains("worker heavy-worker stopped to restart (memory ceiling)");
            try (Store store = SqliteStore.file(db)) {
                assertThat(store.nodeList()).as("the stop was graceful: the node removed itself").isEmpty();
            }
        } finally {
            System.clearProperty(TestWorkerModule.FAST_HEARTBEAT);
        }
        CliRun tooSmall = CliRun.of("worker", "--database", db.toString(), "--classpath",
                Path.of("target", "test-classes").toString(), "--queue", "q", "--restart-above", "1m");
        assertThat(tooSmall.code()).isEqualTo(Main.USAGE);
        assertThat(tooSmall.err()).contains("--restart-above must be at least 16m");
        CliRun notASize = CliRun.of("worker", "--database", db.toString(), "--classpath",
                Path.of("target", "test-classes").toString(), "--queue", "q", "--restart-above", "lots");
        assertThat(notASize.code()).isEqualTo(Main.USAGE);
        assertThat(notASize.err()).contains("'lots' is not a size");
    }
}
