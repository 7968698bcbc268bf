package dev.stevedore.bench;

import dev.stevedore.spi.jdbc.NamedQueries;
import dev.stevedore.spi.jdbc.NamedSql;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

/**
 * PostgreSQL's own count of transactions committed in the benchmark's database ({@code xact_commit}
 * of {@code pg_stat_database}), read before and after a phase to tell what the phase cost per job.
 *
 * <p>The view shows what backends have flushed, and a PostgreSQL 15 backend flushes its counts when a
 * transaction ends if its last flush is at least a second old; otherwise only after 10 s idle
 * ({@code PGSTAT_IDLE_INTERVAL}), or when it exits. A connection pool that goes idle right after a
 * phase therefore keeps up to a second of its commits out of the view for 10 s, so a phase reads
 * {@link #settled()} only after closing every connection it used: exiting backends flush at once, and
 * {@link #FLUSH_WAIT} gives them time to exit. ({@code pg_stat_force_next_flush()} is PostgreSQL 16+.)
 *
 * <p>The count is database-wide. Besides the phase's work it holds the phase's start-up and shut-down,
 * the reading transaction of {@link #settled()}, autovacuum, and whatever else runs in the same
 * database meanwhile: the first three are a few dozen transactions, noise at benchmark sizes; the
 * last is not, so measure on a quiet database.
 */
final class CommitCounter {
    /**
     * How long {@link #settled()} waits before it reads: more than PostgreSQL's one-second minimum
     * between flushes, and ample for closed connections' backends to exit and flush.
     */
    static final Duration FLUSH_WAIT = Duration.ofMillis(1200);

    private final String jdbcUrl;
    private final NamedSql xactCommit;

    /** A counter for the database holding {@code target}. */
    CommitCounter(BenchTarget.PostgresSchema target) {
        this.jdbcUrl = target.jdbcUrl();
        this.xactCommit = NamedQueries.load(CommitCounter.class, "pg_stats.sql", target.schema()).get("xact_commit");
    }

    /** The count after {@link #FLUSH_WAIT}; call it once the connections that did the work are closed. */
    long settled() throws InterruptedException {
        Thread.sleep(FLUSH_WAIT);
        try (Connection c = DriverManager.getConnection(jdbcUrl);
             PreparedStatement ps = xactCommit.prepare(c, Map.of());
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("pg_stat_database has no row for the current database");
            }
            return rs.getLong("xact_commit");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read pg_stat_database: " + e.getMessage(), e);
        }
    }

    /** Transactions committed per job between two readings. */
    static double perJob(long before, long after, long jobs) {
        return (double) (after - before) / jobs;
    }
}
