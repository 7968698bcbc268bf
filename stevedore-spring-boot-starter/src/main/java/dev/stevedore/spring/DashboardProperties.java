package dev.stevedore.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code stevedore.dashboard.*}: the web dashboard, served by its own embedded server on its own port. */
public class DashboardProperties {
    /** Whether to serve the dashboard (needs stevedore-dashboard on the class path). */
    private boolean enabled = false;

    /** The address to bind; anything but a loopback address needs at least one user. */
    private String host = "127.0.0.1";

    /** The port, 0..65535 (0: any free port). */
    private int port = 7070;

    /** Users allowed in with HTTP basic auth, by name. */
    private Map<String, User> users = new LinkedHashMap<>();

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public String getHost() { return host; }
    public void setHost(String host) { this.host = host; }
    public int getPort() { return port; }
    public void setPort(int port) { this.port = port; }
    public Map<String, User> getUsers() { return users; }
    public void setUsers(Map<String, User> users) { this.users = users; }

    /**
     * What a dashboard user may do, as the dashboard's own {@code Role}: mirrored here so that these
     * properties load without the dashboard on the class path.
     */
    public enum Role {
        /** Reads every page; every action is refused. */
        VIEWER,
        /** Reads every page and acts: retry, cancel, pause, resolve… */
        OPERATOR
    }

    /** {@code stevedore.dashboard.users.<name>.*}: one dashboard user. */
    public static class User {
        /** The password, at least 8 characters. Required. */
        private @Nullable String password;

        /** What the user may do: viewer (read only) or operator (read and act). */
        private Role role = Role.VIEWER;

        public @Nullable String getPassword() { return password; }
        public void setPassword(@Nullable String password) { this.password = password; }
        public Role getRole() { return role; }
        public void setRole(Role role) { this.role = role; }
    }
}
