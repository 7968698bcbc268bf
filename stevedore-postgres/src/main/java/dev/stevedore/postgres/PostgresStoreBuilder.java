package dev.stevedore.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.stevedore.spi.jdbc.NamedQueries;
import java.sql.DriverManager;
import java.util.Objects;
import java.util.Properties;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link PostgresStore}: exactly one of {@link #dataSource} or {@link #jdbcUrl}, and
 * optionally {@link #schema}.
 */
public final class PostgresStoreBuilder {
    /** How long a caller of the store's own pool waits for a connection before the call fails. */
    static final java.time.Duration CONNECTION_TIMEOUT = java.time.Duration.ofSeconds(5);
    private @Nullable DataSource dataSource;
    private @Nullable String jdbcUrl;
    private String schema = PostgresStore.DEFAULT_SCHEMA;
    private boolean listen = true;
    private @Nullable String listenJdbcUrl;

    PostgresStoreBuilder() {}

    /** The pool the store borrows connections from; the caller keeps owning (and closing) it. */
    public PostgresStoreBuilder dataSource(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        return this;
    }

    /**
     * A JDBC URL the store opens its own HikariCP pool to; {@link PostgresStore#close()} closes it. A
     * call waits at most 5 s for a connection: while the database is unreachable, an enqueue fails with a
     * {@link dev.stevedore.spi.StoreException} saying so within that time.
     */
    public PostgresStoreBuilder jdbcUrl(String jdbcUrl) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("jdbcUrl must start with jdbc:postgresql:, was " + redact(jdbcUrl));
        }
        this.jdbcUrl = jdbcUrl;
        return this;
    }

    /**
     * The schema holding the store's tables. Default {@value PostgresStore#DEFAULT_SCHEMA}; a
     * lower-case identifier of at most 63 characters ({@code [a-z_][a-z0-9_]*}).
     */
    public PostgresStoreBuilder schema(String schema) {
        this.schema = NamedQueries.checkSchema(schema);
        return this;
    }

    /**
     * Whether nodes on this store {@code LISTEN} for wake-ups (default true). Turn it off when every
     * connection goes through a pooler in transaction mode (PgBouncer's {@code pool_mode = transaction})
     * and no direct connection is allowed: there a {@code LISTEN} lands on whichever server connection
     * the pooler lends, and notifications never reach the node. Without it nodes find new work by
     * polling (every {@code pollInterval}, one second by default), pauses and cancels by their control
     * read, and nodes in this process are still woken at once by this store's own enqueues.
     * See {@link #listenJdbcUrl} for the better choice when a direct connection is possible.
     */
    public PostgresStoreBuilder notifications(boolean enabled) {
        this.listen = enabled;
        return this;
    }

    /**
     * A JDBC URL for the one long-lived connection that {@code LISTEN}s, when the pool goes through a
     * transaction-mode pooler: point this one at PostgreSQL itself, so wake-ups keep working while
     * every other statement is pooled.
     */
    public PostgresStoreBuilder listenJdbcUrl(String jdbcUrl) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("listenJdbcUrl must start with jdbc:postgresql:, was " + redact(jdbcUrl));
        }
        this.listenJdbcUrl = jdbcUrl;
        return this;
    }

    /** The store. Neither connects (the pool opens on first use) nor migrates. */
    public PostgresStore build() {
        if ((dataSource == null) == (jdbcUrl == null)) {
            throw new IllegalStateException("set exactly one of dataSource(...) or jdbcUrl(...)");
        }
        if (!listen && listenJdbcUrl != null) {
            throw new IllegalStateException("notifications(false) and listenJdbcUrl(...) contradict each other: choose one");
        }
        if (dataSource != null) {
            return new PostgresStore(dataSource, schema, listenSource(listenSource(dataSource)), null);
        }
        String url = jdbcUrl;
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setPoolName("stevedore-" + schema);
        // Not HikariCP's 30 s: while the database is down, an enqueue should fail while its caller (a web
        // request, say) can still answer, and the node's loops should notice and back off.
        pool.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        try {
            return new PostgresStore(pool, schema, listenSource(() -> DriverManager.getConnection(url)), pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * Where the notifier's dedicated connection comes from: never the pool when that can be helped.
     * A HikariCP pool configured by URL lends its URL and credentials; any other data source (a pgjdbc
     * {@code PGSimpleDataSource} opens unpooled connections anyway) gives one connection that the
     * listener keeps for the store's lifetime.
     */
    static PgNotifier.ConnectionSource listenSource(DataSource dataSource) {
        if (dataSource instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null) {
            return () -> {
                Properties properties = new Properties();
                properties.putAll(hikari.getDataSourceProperties());
                if (hikari.getUsername() != null) {
                    properties.setProperty("user", hikari.getUsername());
                }
                if (hikari.getPassword() != null) {
                    properties.setProperty("password", hikari.getPassword());
                }
                return DriverManager.getConnection(hikari.getJdbcUrl(), properties);
            };
        }
        return dataSource::getConnection;
    }

    /** Where the listening connection comes from as configured: null for none, else the override or {@code fallback}. */
    private PgNotifier.@Nullable ConnectionSource listenSource(PgNotifier.ConnectionSource fallback) {
        if (!listen) {
            return null;
        }
        String url = listenJdbcUrl;
        return url == null ? fallback : () -> DriverManager.getConnection(url);
    }

    private static String redact(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?…";
    }
}
