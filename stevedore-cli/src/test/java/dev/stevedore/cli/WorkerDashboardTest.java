package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.dashboard.DashboardOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stevedore worker --dashboard-port}: the dashboard served by a worker, its credentials from the environment. */
class WorkerDashboardTest {
    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theWorkerServesTheDashboardOfItsNode() throws Exception {
        Path db = dir.resolve("dashboard.db");
        assertThat(CliRun.of("migrate", "up", "-d", db.toString()).code()).isZero();
        int port = BackgroundWorker.freePort();
        BackgroundWorker background = BackgroundWorker.start(db, "dashboard-worker", "--dashboard-port", Integer.toString(port));
        ShutdownSignal signal = background.signal();
        CompletableFuture<CliRun> worker = background.run();
        URI queues = URI.create("http://127.0.0.1:" + port + "/queues");
        try {
            HttpResponse<String> page = getWhenUp(queues, worker);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("greetings").contains("Queues");
        } finally {
            signal.request();
        }
        CliRun result = worker.get(30, TimeUnit.SECONDS);
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).contains("dashboard at http://127.0.0.1:" + port + "/");
    }

    @Test
    void anOpenAddressWithoutCredentialsIsAUsageErrorBeforeTheNodeStarts() {
        Path db = dir.resolve("open.db");
        assertThat(CliRun.of("migrate", "up", "-d", db.toString()).code()).isZero();
        CliRun run = CliRun.of("worker", "--database", db.toString(), "--classpath", Path.of("target", "test-classes").toString(),
                "--queue", "greetings", "--dashboard-port", "0", "--dashboard-host", "0.0.0.0");
        assertThat(run.code()).as(run.toString()).isEqualTo(Main.USAGE);
        assertThat(run.err()).contains("without authentication").contains(WorkerDashboard.USERS);
        assertThat(run.out()).doesNotContain("running on");
    }

    @Test
    void credentialsComeFromTheEnvironment() {
        DashboardOptions options = WorkerDashboard.options("0.0.0.0", 8080, Map.of(
                WorkerDashboard.USERS, "operator:alice:pass:word:1  viewer:bob:bob-password",
                WorkerDashboard.TOKENS, "viewer:grafana:0123456789abcdef0123"));
        assertThat(options.requiresLogin()).isTrue();
        assertThat(options.host()).isEqualTo("0.0.0.0");
        assertThat(WorkerDashboard.options("127.0.0.1", 0, Map.of()).requiresLogin()).isFalse();

        assertThatThrownBy(() -> WorkerDashboard.options("h", 1, Map.of(WorkerDashboard.USERS, "admin:alice:password1")))
                .isInstanceOf(UsageException.class).hasMessageContaining("entry 1: the role must be viewer or operator");
        assertThatThrownBy(() -> WorkerDashboard.options("h", 1, Map.of(WorkerDashboard.USERS, "operator:alice")))
                .isInstanceOf(UsageException.class).hasMessageContaining("expected ROLE:NAME:PASSWORD");
        assertThatThrownBy(() -> WorkerDashboard.options("h", 1, Map.of(WorkerDashboard.TOKENS, "viewer:x:short")))
                .isInstanceOf(UsageException.class).hasMessageContaining("token must be at least 16 characters");
        assertThatThrownBy(() -> WorkerDashboard.options("h", 70_000, Map.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("--dashboard-port must be in [0, 65535]");
    }

    private HttpResponse<String> getWhenUp(URI uri, CompletableFuture<CliRun> worker) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no dashboard on " + uri, notYet);
                }
            }
            if (worker.isDone()) {
                throw new AssertionError("the worker ended early: " + worker.join());
            }
            Thread.sleep(50);
        }
    }
}
