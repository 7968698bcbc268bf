package dev.stevedore.cli;

import dev.stevedore.Stevedore;
import dev.stevedore.dashboard.Dashboard;
import dev.stevedore.dashboard.DashboardOptions;
import dev.stevedore.dashboard.Role;
import dev.stevedore.spi.Store;
import java.util.Locale;
import java.util.Map;

/**
 * The worker's dashboard ({@code --dashboard-port}): credentials come from the environment, never the
 * command line (which every user of the machine can read in the process list).
 *
 * <p>{@value #USERS}: HTTP basic users, {@code ROLE:NAME:PASSWORD} separated by spaces;
 * {@value #TOKENS}: bearer tokens, {@code ROLE:NAME:TOKEN} separated by spaces. ROLE is
 * {@code viewer} or {@code operator}; a password may hold ':' but not a space.
 */
final class WorkerDashboard {
    static final String USERS = "STEVEDORE_DASHBOARD_USERS";
    static final String TOKENS = "STEVEDORE_DASHBOARD_TOKENS";

    private WorkerDashboard() {}

    /** The options for {@code host:port} with the credentials of {@code environment}; a usage error names a bad entry. */
    static DashboardOptions options(String host, int port, Map<String, String> environment) {
        if (port < 0 || port > 65_535) {
            throw new UsageException("--dashboard-port must be in [0, 65535], was " + port);
        }
        DashboardOptions options;
        try {
            options = DashboardOptions.defaults().host(host).port(port);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--dashboard-host: " + e.getMessage());
        }
        options = add(options, USERS, environment.get(USERS), false);
        return add(options, TOKENS, environment.get(TOKENS), true);
    }

    static Dashboard start(Stevedore node, Store store, DashboardOptions options) {
        try {
            return Dashboard.start(node, store, options);
        } catch (IllegalArgumentException e) {
            throw new UsageException("cannot serve the dashboard: " + e.getMessage() + " (set " + USERS + " or " + TOKENS + ")");
        } catch (RuntimeException e) {
            throw new UsageException("cannot serve the dashboard on " + options.host() + ":" + options.port() + ": "
                    + Main.describe(e));
        }
    }

    private static DashboardOptions add(DashboardOptions options, String variable, String value, boolean tokens) {
        if (value == null || value.isBlank()) {
            return options;
        }
        int n = 0;
        for (String entry : value.strip().split("\\s+")) {
            n++;
            String[] parts = entry.split(":", 3);
            if (parts.length != 3) {
                throw new UsageException(variable + " entry " + n + ": expected ROLE:NAME:" + (tokens ? "TOKEN" : "PASSWORD"));
            }
            Role role = switch (parts[0].toLowerCase(Locale.ROOT)) {
                case "viewer" -> Role.VIEWER;
                case "operator" -> Role.OPERATOR;
                default -> throw new UsageException(variable + " entry " + n + ": the role must be viewer or operator, was \""
                        + parts[0] + "\"");
            };
            try {
                options = tokens ? options.token(parts[1], parts[2], role) : options.user(parts[1], parts[2], role);
            } catch (IllegalArgumentException e) {
                throw new UsageException(variable + " entry " + n + ": " + e.getMessage());
            }
        }
        return options;
    }
}
