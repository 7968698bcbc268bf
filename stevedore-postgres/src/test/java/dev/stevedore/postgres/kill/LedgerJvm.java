package dev.stevedore.postgres.kill;

import dev.stevedore.postgres.PgTestDatabase;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link LedgerWorker} in its own JVM on the test class path, for the tests that kill or crash real
 * worker processes: started (at once, or waited for until it says it is ready), then killed with
 * {@code kill -9}. {@link WorkerJvm} is the chaos suite's launcher of any main class, which always waits.
 *
 * @param nodeId  the node id the worker runs under
 * @param process the worker JVM
 * @param ready   completes when the worker says it is ready
 */
record LedgerJvm(String nodeId, Process process, CompletableFuture<Void> ready) {

    /**
     * Starts a worker on {@code schema} and returns once it is ready (its node started, claiming).
     *
     * @param more LedgerWorker's optional arguments after the node id (the rescue window in seconds)
     */
    static LedgerJvm start(String schema, String nodeId, String... more) throws IOException {
        LedgerJvm worker = launch(schema, nodeId, more);
        worker.ready().join();
        return worker;
    }

    /**
     * Starts a worker on {@code schema} and returns at once; {@link #ready()} completes when it is ready,
     * or fails if it exits first. Each worker's output goes to target/worker-logs, to read after a failure.
     */
    static LedgerJvm launch(String schema, String nodeId, String... more) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                LedgerWorker.class.getName(), PgTestDatabase.url(), schema, nodeId));
        command.addAll(List.of(more));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .start();
        Path log = Files.createDirectories(Path.of("target", "worker-logs"))
                .resolve(schema + "-" + nodeId + "-" + process.pid() + ".log");
        CompletableFuture<Void> ready = new CompletableFuture<>();
        // Read to the end, so the worker never blocks on a full pipe.
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 BufferedWriter copy = Files.newBufferedWriter(log)) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("ready ")) {
                        ready.complete(null);
                    }
                    copy.write(line);
                    copy.newLine();
                }
            } catch (IOException e) {
                // the worker is gone
            }
            ready.completeExceptionally(new IllegalStateException("worker " + nodeId + " exited before it was ready"));
        });
        return new LedgerJvm(nodeId, process, ready);
    }

    /** Kills the worker with {@code kill -9} and waits until it is gone. */
    void kill9() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -9 " + process.pid() + " failed");
        }
        process.waitFor();
    }

    static {
        // Child JVMs inherit the test class path; make sure it is real files, not a surefire quirk.
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!new File(entry).exists()) {
                throw new IllegalStateException("class path entry missing: " + entry);
            }
        }
    }
}
