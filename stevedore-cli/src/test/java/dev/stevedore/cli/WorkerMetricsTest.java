package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.JobState;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stevedore worker --metrics-port} serves the node's meters over HTTP on 127.0.0.1, and they move as jobs run. */
class WorkerMetricsTest {
    private static final String COMPLETED = "stevedore_jobs_total{kind=\"cli-test.greet\",outcome=\"completed\",queue=\"greetings\"}";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void workerServesPrometheusMetricsThatCountTheJobsItRuns() throws Exception {
        Path db = dir.resolve("metrics.db");
        assertThat(CliRun.of("migrate", "up", "-d", db.toString()).code()).isZero();
        int port = BackgroundWorker.freePort();
        BackgroundWorker background = BackgroundWorker.start(db, "metrics-worker", "--metrics-port", Integer.toString(port));
        ShutdownSignal signal = background.signal();
        CompletableFuture<CliRun> worker = background.run();
        URI metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
        try {
            HttpResponse<String> first = scrapeWhenUp(metrics, worker);
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
            assertThat(first.body()).contains("stevedore_node_running 0.0")
                    .contains("stevedore_queue_jobs{queue=\"greetings\",state=\"available\"}")
                    .contains("jvm_memory_used_bytes")
                    .doesNotContain(COMPLETED);

            for (String name : new String[] {"Ada", "Grace"}) {
                CliRun enqueue = CliRun.of("enqueue", "-d", db.toString(), "--kind", "cli-test.greet",
                        "--args", "{\"name\":\"" + name + "\"}", "--queue", "greetings");
                assertThat(enqueue.code()).as(enqueue.toString()).isZero();
            }
            // A scrape is not an atomic snapshot: meters are read one after another while jobs run, so one
            // scrape may show both completions and only one start. Wait until every figure has caught up.
            List<String> expected = List.of(COMPLETED + " 2.0",
                    "stevedore_job_duration_seconds_count{kind=\"cli-test.greet\",outcome=\"completed\",queue=\"greetings\"} 2",
                    "stevedore_job_latency_seconds_count{kind=\"cli-test.greet\",queue=\"greetings\"} 2");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            String body = "";
            while (!expected.stream().allMatch(body::contains) && System.nanoTime() < deadline && !worker.isDone()) {
                Thread.sleep(100);
                body = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
            }
            assertThat(body).contains(expected);

            HttpResponse<String> elsewhere = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(elsewhere.statusCode()).isEqualTo(404);
        } finally {
            signal.request();
        }
        CliRun result = worker.get(30, TimeUnit.SECONDS);
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).contains("metrics at http://127.0.0.1:" + port + "/metrics");
    }

    @Test
    void aMetricsPortOutOfRangeIsAUsageError() {
        CliRun run = CliRun.of("worker", "--database", dir.resolve("none.db").toString(),
                "--classpath", Path.of("target", "test-classes").toString(), "--queue", "q", "--metrics-port", "70000");
        assertThat(run.code()).as(run.toString()).isEqualTo(Main.USAGE);
        assertThat(run.err()).contains("--metrics-port must be in [0, 65535], was 70000");
    }

    /** The first scrape that shows the node's meters. */
    private HttpResponse<String> scrapeWhenUp(URI uri, CompletableFuture<CliRun> worker) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        // The endpoint opens before the node is built, and the node registers its meters one by one:
        // wait for the last of them, the queue depth gauges.
        while (true) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
                if (response.body().lines().filter(l -> l.startsWith("stevedore_queue_jobs{queue=\"greetings\"")).count()
                        == JobState.values().length || System.nanoTime() > deadline) {
                    return response;
                }
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no metrics endpoint on " + uri, notYet);
                }
            }
            if (worker.isDone()) {
                throw new AssertionError("the worker ended early: " + worker.join());
            }
            Thread.sleep(50);
        }
    }
}
