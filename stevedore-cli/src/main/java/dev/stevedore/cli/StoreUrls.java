package dev.stevedore.cli;

import dev.stevedore.postgres.PostgresStore;
import dev.stevedore.spi.jdbc.NamedQueries;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parses the {@code --database} option.
 *
 * <ul>
 *   <li>{@code sqlite:PATH}, {@code jdbc:sqlite:PATH}, or a bare path ending in {@code .db},
 *       {@code .sqlite} or {@code .sqlite3}: an embedded SQLite file;</li>
 *   <li>{@code postgresql://[user[:password]@]host[:port]/db?user=..&schema=..} (also
 *       {@code postgres://}): PostgreSQL, converted to a pgjdbc URL;</li>
 *   <li>{@code jdbc:postgresql://...}: PostgreSQL, passed to pgjdbc as it is.</li>
 * </ul>
 * The {@code schema} query parameter (default {@value PostgresStore#DEFAULT_SCHEMA}) names the schema
 * holding Stevedore's tables and is removed; every other parameter goes through to pgjdbc.
 */
public final class StoreUrls {
    static final String FORMS = "use sqlite:PATH (or a path ending in .db), "
            + "postgresql://HOST:PORT/DB?user=USER&schema=SCHEMA or jdbc:postgresql://HOST:PORT/DB?user=USER";
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&]*");
    private static final Pattern USERINFO_PASSWORD = Pattern.compile("(//[^/@:]*:)[^/@]*@");

    private StoreUrls() {}

    /** Parses {@code url}; throws {@link IllegalArgumentException} saying what is accepted. */
    public static StoreUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("the database URL is empty: " + FORMS);
        }
        String raw = url.strip();
        String lower = raw.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:sqlite:")) {
            return sqlite(raw.substring("jdbc:sqlite:".length()), raw);
        }
        if (lower.startsWith("sqlite:")) {
            return sqlite(raw.substring("sqlite:".length()), raw);
        }
        if (lower.startsWith("jdbc:postgresql:")) {
            return postgres(raw);
        }
        if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")) {
            return postgres(jdbcFromLibpq(raw.substring(raw.indexOf("://") + 3), raw));
        }
        if (!raw.contains("://") && (lower.endsWith(".db") || lower.endsWith(".sqlite") || lower.endsWith(".sqlite3"))) {
            return sqlite(raw, raw);
        }
        throw new IllegalArgumentException("unsupported database URL \"" + redact(raw) + "\": " + FORMS);
    }

    /** Hides passwords in a database URL, for messages and logs. */
    public static String redact(String url) {
        String out = PASSWORD_PARAM.matcher(url).replaceAll("$1***");
        return USERINFO_PASSWORD.matcher(out).replaceAll("$1***@");
    }

    private static StoreUrl sqlite(String path, String raw) {
        // sqlite:///abs/file.db is the URI spelling of sqlite:/abs/file.db.
        String file = path.startsWith("//") ? path.substring(2) : path;
        if (file.isBlank()) {
            throw new IllegalArgumentException("the SQLite URL \"" + raw + "\" names no file: use sqlite:PATH, e.g. sqlite:jobs.db");
        }
        if (file.contains("?") || file.startsWith(":memory:")) {
            throw new IllegalArgumentException("the SQLite URL \"" + raw
                    + "\" must name a plain file (no ?parameters, no :memory:): use sqlite:PATH, e.g. sqlite:jobs.db");
        }
        return new StoreUrl.Sqlite(Path.of(file));
    }

    /** Takes the {@code schema} parameter out of a pgjdbc URL. */
    private static StoreUrl postgres(String jdbcUrl) {
        int q = jdbcUrl.indexOf('?');
        String base = q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
        if (base.equals("jdbc:postgresql:") || base.equals("jdbc:postgresql://")) {
            throw new IllegalArgumentException("the PostgreSQL URL \"" + redact(jdbcUrl) + "\" names no host or database: " + FORMS);
        }
        String schema = null;
        List<String> kept = new ArrayList<>();
        if (q >= 0) {
            for (String pair : jdbcUrl.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                if (key.equals("schema")) {
                    if (schema != null) {
                        throw new IllegalArgumentException("the database URL gives schema twice: " + redact(jdbcUrl));
                    }
                    schema = eq < 0 ? "" : decode(pair.substring(eq + 1));
                } else {
                    kept.add(pair);
                }
            }
        }
        if (schema == null) {
            schema = PostgresStore.DEFAULT_SCHEMA;
        }
        try {
            NamedQueries.checkSchema(schema);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad schema in the database URL: " + e.getMessage(), e);
        }
        String url = kept.isEmpty() ? base : base + "?" + String.join("&", kept);
        return new StoreUrl.Postgres(url, schema);
    }

    /** {@code user:pw@host:port/db?x=y} (libpq URI without its scheme) as a pgjdbc URL. */
    private static String jdbcFromLibpq(String rest, String raw) {
        int slash = rest.indexOf('/');
        int question = rest.indexOf('?');
        int authorityEnd = slash >= 0 ? slash : question >= 0 ? question : rest.length();
        if (question >= 0 && question < authorityEnd) {
            authorityEnd = question;
        }
        String authority = rest.substring(0, authorityEnd);
        String tail = rest.substring(authorityEnd);
        List<String> credentials = new ArrayList<>();
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            if (!user.isEmpty()) {
                credentials.add("user=" + encode(user));
            }
            if (colon >= 0) {
                credentials.add("password=" + encode(decode(userInfo.substring(colon + 1))));
            }
        }
        if (authority.isEmpty()) {
            throw new IllegalArgumentException("the PostgreSQL URL \"" + redact(raw) + "\" names no host: " + FORMS);
        }
        if (tail.isEmpty() || tail.startsWith("?")) {
            tail = "/" + tail;
        }
        String jdbc = "jdbc:postgresql://" + authority + tail;
        if (credentials.isEmpty()) {
            return jdbc;
        }
        return jdbc + (jdbc.contains("?") ? "&" : "?") + String.join("&", credentials);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
