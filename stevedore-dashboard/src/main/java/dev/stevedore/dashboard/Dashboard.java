package dev.stevedore.dashboard;

import dev.stevedore.Stevedore;
import dev.stevedore.spi.Store;
import io.javalin.Javalin;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * The web dashboard of a Stevedore node: overview charts, queues and their health, jobs, issues, batches and workflows,
 * nodes, cron, alerts and the audit log, served by an embedded Jetty (Javalin) from server-rendered pages.
 *
 * <pre>{@code
 * try (Dashboard dashboard = Dashboard.start(stevedore, store, DashboardOptions.defaults().port(8080))) {
 *     System.out.println("dashboard at " + dashboard.url());
 *     …
 * }
 * }</pre>
 *
 * <p>It binds to 127.0.0.1 unless told otherwise, and refuses any other address unless
 * {@link DashboardOptions} configures credentials. See docs/dashboard.md.
 */
public final class Dashboard implements AutoCloseable {
    private final Javalin server;
    private final Routes routes;
    private final String host;

    private Dashboard(Javalin server, Routes routes, String host) {
        this.server = server;
        this.routes = routes;
        this.host = host;
    }

    /**
     * Starts serving {@code node} (its store is {@code store}) as {@code options} say, and returns once
     * the port is bound.
     *
     * @throws IllegalArgumentException when the address is not a loopback one and no credential is
     *                                  configured, or the host does not resolve
     */
    public static Dashboard start(Stevedore node, Store store, DashboardOptions options) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(options, "options");
        if (!options.requiresLogin() && !isLoopbackHost(options.host())) {
            throw new IllegalArgumentException("refusing to serve the dashboard on " + options.host()
                    + " without authentication: configure a user or a token (DashboardOptions.user, .token),"
                    + " or keep the default host 127.0.0.1");
        }
        Routes routes = new Routes(new Source(node, store), new Access(options), new Csrf(), options.windows());
        Javalin server = Javalin.create(routes::configure);
        try {
            server.start(options.host(), options.port());
        } catch (RuntimeException e) {
            routes.close();
            throw e;
        }
        return new Dashboard(server, routes, options.host());
    }

    /** The port it listens on (the one chosen when the options said 0). */
    public int port() {
        return server.port();
    }

    /** Its address, e.g. {@code http://127.0.0.1:7070/}. */
    public String url() {
        String printed = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + printed + ":" + port() + "/";
    }

    /** Stops serving; open live-update streams end. */
    @Override
    public void close() {
        routes.close();
        server.stop();
    }

    private static boolean isLoopbackHost(String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            return address.isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("dashboard host \"" + host + "\" does not resolve", e);
        }
    }
}
