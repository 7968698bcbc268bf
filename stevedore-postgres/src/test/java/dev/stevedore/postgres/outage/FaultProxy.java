package dev.stevedore.postgres.outage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.stevedore.postgres.PgTestDatabase;

/**
 * A TCP relay on 127.0.0.1 in front of the test PostgreSQL that a test can cut: {@link #cut()} closes
 * every relayed connection and, until {@link #restore()}, closes each new one as soon as it is accepted —
 * to a client this is the database gone away (connections reset, new ones failing at once), without
 * touching the server that other tests share.
 */
public final class FaultProxy implements AutoCloseable {
    private static final Pattern HOST_PORT = Pattern.compile("//([^:/]+):(\\d+)/");
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean down;
    private volatile boolean closed;

    public FaultProxy(String targetHost, int targetPort) throws IOException {
        this.target = new InetSocketAddress(targetHost, targetPort);
        this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("fault-proxy").start(this::accept);
    }

    /** A proxy in front of the test database ({@link PgTestDatabase#url()}). */
    public static FaultProxy inFrontOfTestDatabase() throws IOException {
        Matcher m = HOST_PORT.matcher(PgTestDatabase.url());
        if (!m.find()) {
            throw new IllegalStateException("cannot find host:port in " + PgTestDatabase.url());
        }
        return new FaultProxy(m.group(1), Integer.parseInt(m.group(2)));
    }

    /** {@code jdbcUrl} with its host and port replaced by this proxy's. */
    public String relayed(String jdbcUrl) {
        return HOST_PORT.matcher(jdbcUrl).replaceFirst("//127.0.0.1:" + port() + "/");
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The database "goes away": open connections are reset, new ones are closed on arrival. */
    public void cut() {
        down = true;
        open.forEach(FaultProxy::closeQuietly);
        open.clear();
    }

    /** The database is back: new connections are relayed again. */
    public void restore() {
        down = false;
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            if (down) {
                closeQuietly(client);
                continue;
            }
            Thread.ofPlatform().daemon().start(() -> relay(client));
        }
    }

    private void relay(Socket client) {
        Socket server = new Socket();
        try {
            server.connect(target, 2_000);
        } catch (IOException e) {
            closeQuietly(client);
            closeQuietly(server);
            return;
        }
        open.add(client);
        open.add(server);
        if (down) {
            // cut() ran while this connection was being set up: it must not survive the cut.
            closeQuietly(client);
            closeQuietly(server);
        }
        Thread.ofPlatform().daemon().start(() -> pump(client, server));
        pump(server, client);
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed or was cut; closing both ends below tells the other side
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        cut();
        try {
            listener.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
