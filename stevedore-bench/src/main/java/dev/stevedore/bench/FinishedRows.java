package dev.stevedore.bench;

import dev.stevedore.spi.jdbc.NamedQueries;
import dev.stevedore.spi.jdbc.NamedSql;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;

/**
 * The finished history of {@code stevedore bench --finished-rows N}: N jobs that ran before the benchmark,
 * put in its jobs table by plain SQL in the database itself ({@code finished_postgres.sql},
 * {@code finished_sqlite.sql}), after migration and before the warm-up, so that every phase runs against
 * a table that holds history, as a production one does, instead of an empty one.
 *
 * <p>The rows are in a queue of their own ({@link #QUEUE}) that no benchmark node serves, completed (one
 * in {@link #DISCARD_EVERY} discarded with one error), finished over the {@link #SPAN} before the seeding:
 * well inside the benchmark's 30-day retention, so the pruner deletes none of them during the run. They
 * go in in chunks of {@link #CHUNK}, one statement and one transaction each, with a progress line per
 * chunk; then the database gets what its own maintenance would have done to a table that grew over
 * time (statistics; on PostgreSQL the visibility map) and a checkpoint, so the timed phases neither
 * plan from an empty table's statistics nor pay for writing out the seeding. None of it is timed.
 */
final class FinishedRows {
    /** The history's queue; no benchmark node serves it, so its rows stay as seeded. */
    static final String QUEUE = "bench-history";
    /** The node the history's attempts ran on, as {@code attempted_by} and in the errors. */
    static final String NODE = "bench-history";
    /** Rows per INSERT statement, and so per transaction. */
    static final int CHUNK = 1_000_000;
    /** One row in this many was discarded; the others completed. */
    static final int DISCARD_EVERY = 50;
    /** The rows finished evenly over this span before the seeding began. */
    static final Duration SPAN = Duration.ofHours(24);
    /** SQLite's name for the file's own schema ({@code Migrator.SCHEMA} in stevedore-sqlite). */
    private static final String SQLITE_SCHEMA = "main";
    /** PostgreSQL's "insufficient privilege": CHECKPOINT needs superuser or pg_checkpoint. */
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    private final InstantSource clock;
    private final Duration span;
    private final PrintWriter progress;

    /** A seeder whose rows finish in the {@link #SPAN} before {@code clock}'s now; progress to {@code progress}. */
    FinishedRows(InstantSource clock, PrintWriter progress) {
        this(clock, SPAN, progress);
    }

    /**
     * A seeder whose rows finish evenly over {@code span} before {@code clock}'s now: with a retention of
     * the same span and as many new finished jobs per second as the history holds per second of it, the
     * pruner deletes history as fast as jobs finish, the steady state of a long-running system (the soak).
     */
    FinishedRows(InstantSource clock, Duration span, PrintWriter progress) {
        if (span.toMillis() < 1) {
            throw new IllegalArgumentException("the history's span must be at least 1 ms, was " + span);
        }
        this.clock = clock;
        this.span = span;
        this.progress = progress;
    }

    /** Migrates {@code target} and puts {@code n} finished rows in its jobs table; returns how long it took. */
    Duration seed(BenchTarget target, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("finished rows to seed must be ≥ 1, was " + n);
        }
        long start = System.nanoTime();
        say("seeding %,d finished rows into %s (queue %s, 1 in %d discarded, finished over the %s before now;"
                + " untimed)", n, target.location(), QUEUE, DISCARD_EVERY, span.toString().substring(2).toLowerCase(java.util.Locale.ROOT));
        // open() migrates; nothing else of the store is used.
        target.open().close();
        Instant until = clock.instant();
        try {
            switch (target) {
                case BenchTarget.PostgresSchema schema -> seedPostgres(schema, n, until, start);
                case BenchTarget.SqliteFile file -> seedSqlite(file, n, until, start);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot seed " + n + " finished rows into " + target.location() + ": "
                    + e.getMessage(), e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        say("    seeded %,d finished rows in %.1f s", n, took.toNanos() / 1e9);
        return took;
    }

    private void seedPostgres(BenchTarget.PostgresSchema target, int n, Instant until, long start) throws SQLException {
        NamedQueries sql = NamedQueries.load(FinishedRows.class, "finished_postgres.sql", target.schema());
        try (Connection c = DriverManager.getConnection(target.jdbcUrl())) {
            insertChunks(c, sql.get("insert_finished"), n, OffsetDateTime.ofInstant(until, ZoneOffset.UTC), start);
        }
        settle(target);
    }

    private void seedSqlite(BenchTarget.SqliteFile target, int n, Instant until, long start) throws SQLException {
        NamedQueries sql = NamedQueries.load(FinishedRows.class, "finished_sqlite.sql", SQLITE_SCHEMA);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + target.file())) {
            insertChunks(c, sql.get("insert_finished"), n, until.toEpochMilli(), start);
        }
        settle(target);
    }

    /**
     * Brings the table to the state autovacuum would leave it in, untimed: statistics, visibility map and
     * a checkpoint on PostgreSQL; statistics and a WAL checkpoint on SQLite. Run after seeding and after the
     * warm-up, so no timed phase pays for (or races) the maintenance of rows written before it.
     */
    void settle(BenchTarget target) {
        try {
            switch (target) {
                case BenchTarget.PostgresSchema schema -> settlePostgres(schema);
                case BenchTarget.SqliteFile file -> settleSqlite(file);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot vacuum and checkpoint " + target.location() + ": " + e.getMessage(), e);
        }
    }

    private void settlePostgres(BenchTarget.PostgresSchema target) throws SQLException {
        NamedQueries sql = NamedQueries.load(FinishedRows.class, "finished_postgres.sql", target.schema());
        try (Connection c = DriverManager.getConnection(target.jdbcUrl())) {
            long vacuum = System.nanoTime();
            execute(c, sql.get("vacuum_analyze"));
            say("    VACUUM (ANALYZE) in %.1f s", seconds(vacuum));
            long checkpoint = System.nanoTime();
            try {
                execute(c, sql.get("checkpoint"));
                say("    CHECKPOINT in %.1f s", seconds(checkpoint));
            } catch (SQLException e) {
                if (!INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
                    throw e;
                }
                say("    no CHECKPOINT (%s): the next checkpoint may write seeded pages during the timed phases",
                        e.getMessage());
            }
        }
    }

    private void settleSqlite(BenchTarget.SqliteFile target) throws SQLException {
        NamedQueries sql = NamedQueries.load(FinishedRows.class, "finished_sqlite.sql", SQLITE_SCHEMA);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + target.file())) {
            long analyze = System.nanoTime();
            execute(c, sql.get("analyze"));
            say("    ANALYZE in %.1f s", seconds(analyze));
            long checkpoint = System.nanoTime();
            try (PreparedStatement ps = sql.get("wal_checkpoint").prepare(c, Map.of());
                 ResultSet rs = ps.executeQuery()) {
                // One row: busy (0 when the checkpoint completed), WAL frames, frames checkpointed.
                boolean busy = rs.next() && rs.getInt(1) != 0;
                say("    wal_checkpoint(TRUNCATE) in %.1f s%s", seconds(checkpoint),
                        busy ? " (incomplete: another connection was using the file)" : "");
            }
        }
    }

    /**
     * Inserts rows 1..n, {@link #CHUNK} per auto-committed statement. {@code until} is when the last row
     * finished, as the engine's timestamp parameter: a {@code timestamptz} value or epoch milliseconds.
     */
    private void insertChunks(Connection c, NamedSql insert, int n, Object until, long start) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(insert.sql())) {
            for (long from = 1; from <= n; from += CHUNK) {
                long to = Math.min(n, from + CHUNK - 1);
                insert.bind(ps, Map.of("from", from, "to", to, "n", (long) n, "until", until,
                        "span_ms", span.toMillis(), "discard_every", DISCARD_EVERY, "kind", RawBounds.KIND,
                        "queue", QUEUE, "node", NODE));
                int inserted = ps.executeUpdate();
                if (inserted != to - from + 1) {
                    throw new IllegalStateException("rows " + from + ".." + to + " of the finished history: inserted "
                            + inserted + " rows");
                }
                say("    %,d of %,d rows after %.1f s", to, n, seconds(start));
            }
        }
    }

    private static void execute(Connection c, NamedSql statement) throws SQLException {
        try (PreparedStatement ps = statement.prepare(c, Map.of())) {
            ps.execute();
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private void say(String format, Object... args) {
        progress.printf(Locale.ROOT, format + "%n", args);
        progress.flush();
    }
}
