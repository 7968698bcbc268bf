package dev.stevedore.postgres.bouncer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's PgBouncer, started for a test in transaction mode in front of the test database on
 * 127.0.0.1:5432, on a free port of its own; {@link #close()} stops it and deletes its files.
 *
 * <p>PgBouncer refuses to run as root, so when the tests do it runs as the {@code postgres} user
 * (through {@code runuser}). Its server pool is smaller than the number of client connections the
 * tests open, so statements of one client really travel on different server connections.
 */
public final class PgBouncer implements AutoCloseable {
    /** Where Debian installs it. */
    static final Path BINARY = Path.of("/usr/sbin/pgbouncer");
    /** Why the PgBouncer tests are skipped when it is not installed. */
    public static final String MISSING = BINARY + " is missing: the PgBouncer tests need Debian's package "
            + "(apt-get install -y pgbouncer; bin/test installs it when run as root)";
    private static final Duration START_WAIT = Duration.ofSeconds(15);

    private final Path directory;
    private final int port;
    private final Process process;

    private PgBouncer(Path directory, int port, Process process) {
        this.directory = directory;
        this.port = port;
        this.process = process;
    }

    /** Whether Debian's pgbouncer is installed (bin/test installs it when run as root). */
    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Starts PgBouncer with {@code serverPoolSize} server connections to the database {@code test}. */
    public static PgBouncer start(int serverPoolSize) throws IOException, InterruptedException {
        if (!installed()) {
            throw new IllegalStateException(MISSING);
        }
        Path directory = Files.createTempDirectory("stevedore-pgbouncer-");
        int port = freePort();
        Files.writeString(directory.resolve("pgbouncer.ini"), """
                [databases]
                test = host=127.0.0.1 port=5432 dbname=test
                [pgbouncer]
                listen_addr = 127.0.0.1
                listen_port = %d
                unix_socket_dir =
                auth_type = trust
                auth_file = %s
                pool_mode = transaction
                default_pool_size = %d
                max_client_conn = 200
                ignore_startup_parameters = extra_float_digits
                server_reset_query =
                logfile =
                pidfile =
                """.formatted(port, directory.resolve("userlist.txt"), serverPoolSize));
        Files.writeString(directory.resolve("userlist.txt"), "\"postgres\" \"\"\n");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) { // the postgres user must read the files
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
            for (String file : List.of("pgbouncer.ini", "userlist.txt")) {
                Files.setPosixFilePermissions(directory.resolve(file), PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        List<String> command = new ArrayList<>();
        if (root) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.addAll(List.of(BINARY.toString(), directory.resolve("pgbouncer.ini").toString()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("pgbouncer.log").toFile())
                .start();
        PgBouncer bouncer = new PgBouncer(directory, port, process);
        bouncer.awaitListening();
        return bouncer;
    }

    /** A JDBC URL to the test database through PgBouncer, with {@code extra} query parameters. */
    public String url(String extra) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/test?user=postgres" + (extra.isEmpty() ? "" : "&" + extra);
    }

    /** What PgBouncer logged so far. */
    public String log() {
        try {
            return Files.readString(directory.resolve("pgbouncer.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void awaitListening() throws InterruptedException, IOException {
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("PgBouncer exited with " + process.exitValue() + ":\n" + log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        close();
        throw new IllegalStateException("PgBouncer did not listen on 127.0.0.1:" + port + " within " + START_WAIT + ":\n" + log());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
