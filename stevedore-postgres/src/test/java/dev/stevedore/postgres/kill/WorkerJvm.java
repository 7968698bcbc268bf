package dev.stevedore.postgres.kill;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A worker process of a multi-process test: a JVM on the test's own class path running {@code main},
 * its output (standard output and error) in a log file. {@link #start} returns once the worker printed
 * a line starting with {@code ready }; {@link #kill9} ends it with {@code kill -9}, as a crash would.
 */
public final class WorkerJvm {
    /** Generous: on a loaded 2-core machine a worker JVM was seen to take over a minute to start. */
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private final String nodeId;
    private final Process process;
    private final Path logFile;

    private WorkerJvm(String nodeId, Process process, Path logFile) {
        this.nodeId = nodeId;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts {@code main} with {@code args} (and JVM flags {@code jvmFlags} before the class path),
     * writing its output to {@code logFile}, and waits until it is ready.
     *
     * @throws IllegalStateException if it exits or takes over three minutes to get ready (it is then
     *                               killed with {@code kill -9}: it may have started claiming jobs)
     */
    public static WorkerJvm start(String nodeId, Class<?> main, List<String> jvmFlags, List<String> args, Path logFile)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx256m");
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
        WorkerJvm worker = new WorkerJvm(nodeId, process, logFile);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (worker.log().stream().noneMatch(l -> l.startsWith("ready "))) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("worker " + nodeId + " did not get ready; its output is in " + logFile);
            }
            Thread.sleep(50);
        }
        return worker;
    }

    public String nodeId() {
        return nodeId;
    }

    public Process process() {
        return process;
    }

    /** The worker's output so far, one line each. */
    public List<String> log() {
        try {
            return Files.readAllLines(logFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the worker with {@code kill -9} and waits until it is gone. */
    public void kill9() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -9 " + process.pid() + " failed with exit code " + kill.exitValue());
        }
        process.waitFor();
    }

    /** Asks the worker to stop (SIGTERM, a graceful stop) and waits up to {@code grace}, then kills it. */
    public void stop(Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
