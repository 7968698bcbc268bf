package dev.stevedore.postgres.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of the chaos suite's own: a fresh data directory made with Debian's
 * {@code initdb}, served by {@code pg_ctl} on a free port of 127.0.0.1, deleted on {@link #close()}.
 * The suite restarts it and drops its connections; the shared server other tests use is never touched.
 *
 * <p>When the JVM runs as root the server runs as the {@code postgres} OS user (PostgreSQL refuses
 * root), through {@code runuser}. {@code fsync} is off: the data only has to survive the server's own
 * crash (what an immediate stop is), whose writes the operating system keeps, never a machine crash.
 * {@code synchronous_commit} stays on: with it off, a commit is acknowledged before its WAL leaves the
 * server's memory, and an immediate stop loses it — the suite would count its own configuration.
 */
final class PrivateCluster implements AutoCloseable {
    /** Where Debian installs the server binaries, one directory per major version. */
    private static final Path DEBIAN_BINARIES = Path.of("/usr/lib/postgresql");
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

    private final Path bin;
    private final Path dataDir;
    private final Path logFile;
    private final int port;
    private final boolean asPostgresUser;

    private PrivateCluster(Path bin, Path dataDir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dataDir = dataDir;
        this.logFile = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** Creates and starts a new cluster; fails with what to install when the binaries are missing. */
    static PrivateCluster start() throws IOException, InterruptedException {
        Path bin = findBinaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path parent = Files.createTempDirectory("stevedore-chaos-pg");
        Path dataDir = parent.resolve("data");
        if (root) {
            UserPrincipalLookupService users = parent.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(parent, users.lookupPrincipalByName("postgres"));
        }
        PrivateCluster cluster = new PrivateCluster(bin, dataDir, freePort(), root);
        cluster.run("initdb", "-D", dataDir.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync");
        Files.writeString(dataDir.resolve("postgresql.auto.conf"), String.join("\n",
                "listen_addresses = '127.0.0.1'",
                "port = " + cluster.port,
                "unix_socket_directories = '" + parent + "'",
                "max_connections = 300",
                "fsync = off",
                "full_page_writes = off",
                "shared_buffers = '128MB'",
                "log_min_messages = warning",
                ""), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        cluster.serverUp();
        return cluster;
    }

    /** The JDBC URL of the cluster's {@code postgres} database, as user {@code postgres}. */
    String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    /**
     * Stops the server the hard way ({@code pg_ctl stop -m immediate}: every backend killed, crash
     * recovery at the next start), keeps it down for {@code down}, and starts it again.
     */
    void restart(Duration down) throws IOException, InterruptedException {
        run("pg_ctl", "-D", dataDir.toString(), "-m", "immediate", "-w", "stop");
        Thread.sleep(down.toMillis());
        serverUp();
    }

    private void serverUp() throws IOException, InterruptedException {
        run("pg_ctl", "-D", dataDir.toString(), "-l", logFile.toString(), "-w", "-t", "60", "start");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (Files.exists(dataDir.resolve("postmaster.pid"))) {
                run("pg_ctl", "-D", dataDir.toString(), "-m", "immediate", "-w", "stop");
            }
        } finally {
            try (Stream<Path> files = Files.walk(dataDir.getParent())) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void run(String program, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(program + " did not finish within " + COMMAND_TIMEOUT);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + process.exitValue()
                    + ":\n" + new String(output, StandardCharsets.UTF_8) + serverLog());
        }
    }

    private String serverLog() {
        try {
            return Files.exists(logFile) ? "\nserver log:\n" + Files.readString(logFile) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path findBinaries() throws IOException {
        if (Files.isDirectory(DEBIAN_BINARIES)) {
            try (Stream<Path> versions = Files.list(DEBIAN_BINARIES)) {
                // The newest major version installed.
                var newest = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))));
                if (newest.isPresent()) {
                    return newest.get();
                }
            }
        }
        throw new IllegalStateException("the chaos suite runs its own PostgreSQL cluster and needs the server binaries"
                + " (initdb, pg_ctl, postgres) under " + DEBIAN_BINARIES + "/<version>/bin; none found."
                + " Install them: apt-get install postgresql");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
