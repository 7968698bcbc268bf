package dev.stevedore.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A {@code stevedore worker} run in this JVM on the test classes' modules, stopped by its own shutdown
 * signal, for tests of what a worker serves over HTTP.
 *
 * @param run    the command's result once it ends
 * @param signal stops it gracefully
 */
record BackgroundWorker(CompletableFuture<CliRun> run, ShutdownSignal signal) {

    /** Starts a worker on SQLite file {@code db} serving queue "greetings" (2 at once) as {@code nodeId}, with {@code extra} arguments. */
    static BackgroundWorker start(Path db, String nodeId, String... extra) {
        ShutdownSignal signal = ShutdownSignal.manual();
        List<String> args = new ArrayList<>(List.of("worker", "--database", db.toString(), "--classpath",
                Path.of("target", "test-classes").toString(), "--queue", "greetings=2", "--node-id", nodeId));
        args.addAll(List.of(extra));
        return new BackgroundWorker(CompletableFuture.supplyAsync(() -> CliRun.with(new Main(signal), args.toArray(String[]::new))),
                signal);
    }

    /** A port nothing listens on now. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
