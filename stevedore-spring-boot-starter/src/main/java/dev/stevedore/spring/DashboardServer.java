package dev.stevedore.spring;

import dev.stevedore.Stevedore;
import dev.stevedore.dashboard.Dashboard;
import dev.stevedore.dashboard.DashboardOptions;
import dev.stevedore.dashboard.Role;
import dev.stevedore.spi.Store;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Serves the dashboard on its own port while the application context runs.
 *
 * <p>Its own embedded server rather than a mount under the application's: the dashboard is a Javalin
 * application with its own routing, login, CSRF and live-update streams, and links from the root of
 * its server; and an operator page on its own port (bound to 127.0.0.1 unless users are configured)
 * stays out of the application's public surface and its security filter chain.
 */
final class DashboardServer implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);

    /** Where the bound port is published once serving, as Spring Boot publishes {@code local.server.port}. */
    static final String LOCAL_PORT = "local.stevedore.dashboard.port";

    private final Stevedore node;
    private final Store store;
    private final DashboardOptions options;
    private final ConfigurableEnvironment environment;
    private volatile @Nullable Dashboard dashboard;

    DashboardServer(Stevedore node, Store store, DashboardProperties properties, ConfigurableEnvironment environment) {
        this.node = node;
        this.store = store;
        this.options = options(properties);
        this.environment = environment;
    }

    /** The options, checked now so that a bad setting fails startup before anything is served. */
    static DashboardOptions options(DashboardProperties properties) {
        String key = StevedoreProperties.PREFIX + ".dashboard.";
        DashboardOptions options;
        try {
            options = DashboardOptions.defaults().host(properties.getHost()).port(properties.getPort());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + "host/port: " + e.getMessage(), e);
        }
        for (var user : properties.getUsers().entrySet()) {
            String password = user.getValue().getPassword();
            if (password == null) {
                throw new IllegalArgumentException(key + "users." + user.getKey() + ".password is required");
            }
            try {
                options = options.user(user.getKey(), password, Role.valueOf(user.getValue().getRole().name()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + "users." + user.getKey() + ": " + e.getMessage(), e);
            }
        }
        return options;
    }

    @Override
    public void start() {
        Dashboard started = Dashboard.start(node, store, options);
        dashboard = started;
        environment.getPropertySources().addFirst(new MapPropertySource("stevedoreDashboard", Map.of(LOCAL_PORT, started.port())));
        LOG.info("Stevedore dashboard at {}", started.url());
    }

    @Override
    public void stop() {
        Dashboard running = dashboard;
        if (running != null) {
            running.close();
            dashboard = null;
        }
    }

    @Override
    public boolean isRunning() {
        return dashboard != null;
    }

    @Override
    public int getPhase() {
        return StevedoreLifecycle.PHASE;
    }
}
