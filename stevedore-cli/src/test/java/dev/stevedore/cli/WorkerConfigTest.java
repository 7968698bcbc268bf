package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.sqlite.SqliteStore;
import dev.stevedore.spi.Store;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stevedore worker --config stevedore.yml} and the STEVEDORE_* variables: flags beat the environment, which beats the file. */
class WorkerConfigTest {
    @TempDir
    Path dir;

    private Path yaml(String text) throws Exception {
        Path file = dir.resolve("stevedore.yml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void theFileAndTheEnvironmentGoBeforeTheTypedOptionsSoTheLastOneCounts() throws Exception {
        Path file = yaml("""
                database: jobs.db
                classpath: app.jar
                migrate: true
                node-id: from-file
                shutdown-grace: 40s
                queues:
                  mail: 20
                  reports: 2
                  default:
                """);
        String[] args = WorkerConfig.expand(new String[] {"worker", "--config", file.toString(), "--queue", "mail=5",
                "--metrics-port", "9464"}, Map.of("STEVEDORE_NODE_ID", "from-env", "STEVEDORE_METRICS_PORT", "1"));
        assertThat(args).containsExactly("worker", "--database=jobs.db", "--classpath=app.jar", "--migrate",
                "--node-id=from-env", "--shutdown-grace=40s", "--metrics-port=1", "--queue=reports=2", "--queue=default",
                "--config", file.toString(), "--queue", "mail=5", "--metrics-port", "9464");
    }

    @Test
    void theDocumentedExampleFileIsValid() {
        Path example = Path.of("..", "stevedore-examples", "deploy", "stevedore.yml");
        assertThat(WorkerConfig.expand(new String[] {"worker", "--config", example.toString()}, Map.of()))
                .contains("--queue=mail=20", "--queue=default", "--restart-above=2g", "--metrics-port=9464",
                        "--database=postgresql://db.internal:5432/app?user=stevedore&schema=stevedore");
    }

    @Test
    void theDatabaseVariableBeatsTheFileAndOtherCommandsAreLeftAlone() throws Exception {
        Path file = yaml("database: file.db\nclasspath: app.jar\n");
        assertThat(WorkerConfig.expand(new String[] {"worker"}, Map.of(WorkerConfig.ENV_CONFIG, file.toString(),
                DatabaseOption.ENV, "env.db"))).containsExactly("worker", "--classpath=app.jar");
        String[] status = {"status", "--config", file.toString()};
        assertThat(WorkerConfig.expand(status, Map.of("STEVEDORE_NODE_ID", "x"))).isSameAs(status);
    }

    @Test
    void badFilesAreUsageErrorsThatSayWhatIsWrong() throws Exception {
        assertThatThrownBy(() -> WorkerConfig.expand(new String[] {"worker", "--config", yaml("queus:\n  mail: 2\n").toString()}, Map.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("unknown setting 'queus' (did you mean 'queues'?)");
        assertThatThrownBy(() -> WorkerConfig.expand(new String[] {"worker", "--config", yaml("node-id: [a, b]\n").toString()}, Map.of()))
                .hasMessageContaining("setting node-id must be a single value");
        assertThatThrownBy(() -> WorkerConfig.expand(new String[] {"worker", "--config", yaml("migrate: perhaps\n").toString()}, Map.of()))
                .hasMessageContaining("migrate must be true or false, was perhaps");
        assertThatThrownBy(() -> WorkerConfig.expand(new String[] {"worker", "--config", yaml("queues: [mail]\n").toString()}, Map.of()))
                .hasMessageContaining("queues must be a map of queue name to concurrency");
        assertThatThrownBy(() -> WorkerConfig.expand(new String[] {"worker", "--config", yaml("a: [\n").toString()}, Map.of()))
                .hasMessageContaining("is not valid YAML");
        assertThatThrownBy(() -> WorkerConfig.expand(new String[] {"worker", "--config", dir.resolve("none.yml").toString()}, Map.of()))
                .hasMessageContaining("does not exist");

        StringWriter err = new StringWriter();
        int code = Main.run(new Main(ShutdownSignal.manual()), new String[] {"worker", "--config", yaml("nodeid: x\n").toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err, true), Map.of());
        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("unknown setting 'nodeid' (did you mean 'node-id'?)").doesNotContain("\tat ");
    }

    @Test
    void aWorkerStartsFromItsConfigFile() throws Exception {
        Path db = dir.resolve("worker.db");
        assertThat(CliRun.of("migrate", "up", "-d", db.toString()).code()).isZero();
        Path file = yaml("database: " + db + "\nclasspath: " + Path.of("target", "test-classes").toAbsolutePath()
                + "\nnode-id: configured-node\nqueues:\n  greetings: 2\n");
        ShutdownSignal signal = ShutdownSignal.manual();
        CompletableFuture<CliRun> worker = CompletableFuture.supplyAsync(() -> CliRun.with(new Main(signal),
                "worker", "--config", file.toString()));
        try (Store store = SqliteStore.file(db)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (store.nodeList().isEmpty() && !worker.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(worker.isDone()).as(() -> "worker ended early: " + worker.join()).isFalse();
            assertThat(store.nodeList()).singleElement().satisfies(node -> {
                assertThat(node.nodeId()).isEqualTo("configured-node");
                assertThat(node.queues()).containsExactly("greetings");
            });
        } finally {
            signal.request();
        }
        CliRun result = worker.get(30, TimeUnit.SECONDS);
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(signal.awaitStopped(Duration.ZERO)).isTrue();
    }
}
