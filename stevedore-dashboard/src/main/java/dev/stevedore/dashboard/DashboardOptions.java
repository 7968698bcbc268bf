package dev.stevedore.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the dashboard listens and who may use it. Immutable: each method returns a new value.
 *
 * <pre>{@code
 * DashboardOptions.defaults()                                  // 127.0.0.1:7070, no login (loopback only)
 *     .host("0.0.0.0").port(8080)                              // any other address needs credentials:
 *     .user("alice", System.getenv("ALICE_PASSWORD"), Role.OPERATOR)  // HTTP basic auth, for browsers
 *     .token("grafana", System.getenv("DASHBOARD_TOKEN"), Role.VIEWER); // Authorization: Bearer …
 * }</pre>
 *
 * <p>Without any credential every request must come from the loopback interface, and
 * {@link Dashboard#start} refuses to bind anywhere else. With credentials, every page needs one.
 */
public final class DashboardOptions {
    /** The default address: the loopback interface only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The default port. */
    public static final int DEFAULT_PORT = 7070;
    /** The shortest bearer token accepted. */
    public static final int MIN_TOKEN_CHARS = 16;
    /** The shortest password accepted. */
    public static final int MIN_PASSWORD_CHARS = 8;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    /** A user or token; only a digest of its secret is kept. */
    record Credential(Kind kind, String name, byte[] secretDigest, Role role) {
        enum Kind { TOKEN, BASIC }
    }

    private final String host;
    private final int port;
    private final List<Credential> credentials;
    private final SearchWindow.Sizes windows;

    private DashboardOptions(String host, int port, List<Credential> credentials, SearchWindow.Sizes windows) {
        this.host = host;
        this.port = port;
        this.credentials = List.copyOf(credentials);
        this.windows = windows;
    }

    /** 127.0.0.1, port 7070, no credentials. */
    public static DashboardOptions defaults() {
        return new DashboardOptions(DEFAULT_HOST, DEFAULT_PORT, List.of(), SearchWindow.Sizes.DEFAULT);
    }

    /** The address to bind: an IP address or host name; default {@value #DEFAULT_HOST}. */
    public DashboardOptions host(String host) {
        Objects.requireNonNull(host, "host");
        if (host.isBlank() || host.length() > 255) {
            throw new IllegalArgumentException("host must be an address or host name, was \"" + host + "\"");
        }
        return new DashboardOptions(host.strip(), port, credentials, windows);
    }

    /** The port, 0..65535 (0: any free port, see {@link Dashboard#port()}); default {@value #DEFAULT_PORT}. */
    public DashboardOptions port(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
        }
        return new DashboardOptions(host, port, credentials, windows);
    }

    /**
     * How many job ids one filtered page of the jobs list searches ({@link ScanWindow}); default
     * {@value ScanWindow#DEFAULT_SIZE}. Package-private: tests make it small to cross windows with a few
     * jobs; the default is what keeps a page quick, so it is not an operator's setting.
     */
    DashboardOptions scanWindow(int ids) {
        if (ids < 1) {
            throw new IllegalArgumentException("the scan window must be at least 1 job id, was " + ids);
        }
        return new DashboardOptions(host, port, credentials, new SearchWindow.Sizes(ids, windows.rows()));
    }

    /**
     * How many jobs one filtered page of the jobs list in a time order reads ({@link TimeWindow}); default
     * {@value TimeWindow#DEFAULT_SIZE}. Package-private, as {@link #scanWindow(int)} is.
     */
    DashboardOptions timeWindow(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("the time window must be at least 1 job, was " + rows);
        }
        return new DashboardOptions(host, port, credentials, new SearchWindow.Sizes(windows.ids(), rows));
    }

    /**
     * Accepts {@code Authorization: Bearer <token>} as {@code name} with {@code role}. The token must be
     * at least {@value #MIN_TOKEN_CHARS} characters; {@code name} (letters, digits, {@code . _ @ -}) is
     * what the audit log records.
     */
    public DashboardOptions token(String name, String token, Role role) {
        checkSecret("token", token, MIN_TOKEN_CHARS);
        return with(new Credential(Credential.Kind.TOKEN, checkName(name), digest(token), Objects.requireNonNull(role, "role")));
    }

    /** Accepts HTTP basic auth as {@code name} with {@code password} (at least {@value #MIN_PASSWORD_CHARS} characters). */
    public DashboardOptions user(String name, String password, Role role) {
        checkSecret("password", password, MIN_PASSWORD_CHARS);
        return with(new Credential(Credential.Kind.BASIC, checkName(name), digest(password), Objects.requireNonNull(role, "role")));
    }

    /** The address to bind. */
    public String host() {
        return host;
    }

    /** The port to bind (0: any free one). */
    public int port() {
        return port;
    }

    /** Whether any user or token is configured. */
    public boolean requiresLogin() {
        return !credentials.isEmpty();
    }

    List<Credential> credentials() {
        return credentials;
    }

    SearchWindow.Sizes windows() {
        return windows;
    }

    private DashboardOptions with(Credential credential) {
        for (Credential existing : credentials) {
            if (existing.kind() == credential.kind() && existing.name().equals(credential.name())) {
                throw new IllegalArgumentException("a " + credential.kind().name().toLowerCase(java.util.Locale.ROOT)
                        + " named \"" + credential.name() + "\" is configured already");
            }
        }
        List<Credential> all = new ArrayList<>(credentials);
        all.add(credential);
        return new DashboardOptions(host, port, all, windows);
    }

    private static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a dashboard user or token name must be 1-64 letters, digits, '.', '_', '@'"
                    + " or '-', was \"" + name + "\"");
        }
        return name;
    }

    private static void checkSecret(String what, String secret, int minChars) {
        Objects.requireNonNull(secret, what);
        if (secret.length() < minChars || secret.isBlank()) {
            throw new IllegalArgumentException(what + " must be at least " + minChars + " characters, was " + secret.length());
        }
    }

    /** SHA-256 of the secret, so equal secrets compare in constant time whatever their lengths. */
    static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
