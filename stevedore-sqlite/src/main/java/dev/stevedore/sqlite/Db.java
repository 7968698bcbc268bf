package dev.stevedore.sqlite;

import dev.stevedore.spi.StoreException;
import dev.stevedore.spi.jdbc.NamedQueries;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteConfig;

/**
 * The store's one connection to the file, behind a lock, running named queries and turning
 * {@link SQLException}s into {@link StoreException}s that name the operation.
 *
 * <p>One connection is enough because SQLite runs one writer per file at a time anyway; a pool would
 * only add threads queueing on the file lock instead of on ours. The connection stays in auto-commit
 * mode and transactions are opened explicitly with {@code BEGIN IMMEDIATE}: the driver's own
 * {@code setAutoCommit(false)} would start the next (deferred) transaction right after each commit and
 * keep a read snapshot open, and a deferred transaction that later writes can fail with
 * {@code SQLITE_BUSY} at once, without waiting out the busy timeout.
 *
 * <p>Reads that count many rows are too long to queue with the rest: the job counts per queue and
 * state, and the counts of a batch's units. They run on a second, read-only connection
 * ({@link #readAside}).
 */
final class Db implements AutoCloseable {
    /** Work on the connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Maps the current row. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Path file;
    private final Duration busyTimeout;
    private final NamedQueries queries;
    private final Connection connection;
    private boolean closed;
    /** Guards {@link #aside}, opened at its first use. */
    private final ReentrantLock asideLock = new ReentrantLock();
    private @Nullable Connection aside;

    private Db(Path file, Duration busyTimeout, NamedQueries queries, Connection connection) {
        this.file = file;
        this.busyTimeout = busyTimeout;
        this.queries = queries;
        this.connection = connection;
    }

    private static Connection connect(Path file, Duration busyTimeout) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        // Set through the driver so that it is in force before the first statement touches the file:
        // switching a new file to WAL needs a lock another process may hold for a moment.
        config.setBusyTimeout((int) busyTimeout.toMillis());
        return config.createConnection("jdbc:sqlite:" + file);
    }

    /** Opens {@code file} (creating it), then sets WAL mode, synchronous=NORMAL, foreign keys and a 64 MiB page cache. */
    static Db open(Path file, Duration busyTimeout, NamedQueries queries) {
        Connection connection;
        try {
            connection = connect(file, busyTimeout);
        } catch (SQLException e) {
            throw new StoreException("cannot open SQLite file " + file + ": " + e.getMessage(), e);
        }
        Db db = new Db(file, busyTimeout, queries, connection);
        try {
            String mode = db.list(connection, "pragma_journal_mode", Map.of(), rs -> rs.getString(1)).get(0);
            if (!"wal".equalsIgnoreCase(mode)) {
                throw new SQLException("journal_mode is " + mode + ", not wal: the file system of " + file
                        + " does not support SQLite's WAL mode (network file systems often do not)");
            }
            db.execute(connection, "pragma_synchronous", Map.of());
            db.execute(connection, "pragma_foreign_keys", Map.of());
            db.execute(connection, "pragma_cache_size", Map.of());
            return db;
        } catch (SQLException | RuntimeException e) {
            db.close();
            throw e instanceof SQLException sql ? failure("open " + file, sql) : (RuntimeException) e;
        }
    }

    Path file() {
        return file;
    }

    /** Runs {@code work} in auto-commit mode: each statement is its own (read) transaction. */
    <T> T read(String operation, Work<T> work) {
        lock.lock();
        try {
            checkOpen(operation);
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(operation, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs read-only {@code work} on a second connection, beside the store's own: for a read that walks
     * so many rows (the job counts of a large file: about 100 ms; a large batch's units) that on the
     * store's connection it would
     * hold up every claim, completion and dashboard read queued behind its lock. In WAL mode the two
     * connections do not wait for each other, and each statement reads the latest commit. Never within
     * a {@link #write}: the work would not see that transaction's own changes. The connection is opened
     * at the first such read and refuses writes ({@code query_only}).
     */
    <T> T readAside(String operation, Work<T> work) {
        asideLock.lock();
        try {
            checkOpen(operation);
            if (aside == null) {
                Connection opened = connect(file, busyTimeout);
                try {
                    execute(opened, "pragma_query_only", Map.of());
                    execute(opened, "pragma_cache_size", Map.of());
                } catch (SQLException e) {
                    opened.close();
                    throw e;
                }
                aside = opened;
            }
            return work.run(aside);
        } catch (SQLException e) {
            throw failure(operation, e);
        } finally {
            asideLock.unlock();
        }
    }

    /**
     * Runs {@code work} in one {@code BEGIN IMMEDIATE} transaction, committed if it returns and rolled
     * back if it throws. BEGIN IMMEDIATE takes the file's write lock before anything is read, waiting up
     * to the busy timeout for another process; if the wait runs out the operation fails with a
     * {@link StoreException} and nothing was written.
     */
    <T> T write(String operation, Work<T> work) {
        try {
            return writeAny(operation, work::run);
        } catch (SQLException e) {
            throw failure(operation, e);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("unreachable: Work throws only SQLException", e);
        }
    }

    /** Work whose code is not the store's (a step's): it may throw anything. */
    @FunctionalInterface
    interface AnyWork<T> {
        T run(Connection connection) throws Exception;
    }

    /**
     * {@link #write} for work that may throw anything, which then propagates as it is (after the
     * rollback); a failure to begin the transaction is a {@link dev.stevedore.spi.StoreException}.
     */
    <T> T writeAny(String operation, AnyWork<T> work) throws Exception {
        lock.lock();
        try {
            checkOpen(operation);
            try {
                execute(connection, "tx_begin", Map.of());
            } catch (SQLException e) {
                throw failure(operation, e);
            }
            try {
                T result = work.run(connection);
                execute(connection, "tx_commit", Map.of());
                return result;
            } catch (Exception | Error e) {
                rollbackQuietly(e);
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    <T> List<T> list(Connection c, String query, Map<String, ?> params, RowMapper<T> mapper) throws SQLException {
        try (PreparedStatement ps = queries.get(query).prepare(c, params);
             ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        }
    }

    int update(Connection c, String query, Map<String, ?> params) throws SQLException {
        try (PreparedStatement ps = queries.get(query).prepare(c, params)) {
            return ps.executeUpdate();
        }
    }

    /** Executes a statement that may or may not return rows, ignoring them. */
    void execute(Connection c, String query, Map<String, ?> params) throws SQLException {
        try (PreparedStatement ps = queries.get(query).prepare(c, params)) {
            ps.execute();
        }
    }

    /** Prepares {@code query} once for many executions (bind each with {@link #bind}). */
    PreparedStatement prepare(Connection c, String query) throws SQLException {
        return c.prepareStatement(queries.get(query).sql());
    }

    void bind(PreparedStatement ps, String query, Map<String, ?> params) throws SQLException {
        queries.get(query).bind(ps, params);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                closeAside();
                connection.close();
            }
        } catch (SQLException e) {
            throw failure("close", e);
        } finally {
            lock.unlock();
        }
    }

    private void closeAside() throws SQLException {
        asideLock.lock();
        try {
            if (aside != null) {
                aside.close();
                aside = null;
            }
        } finally {
            asideLock.unlock();
        }
    }

    /** Named parameters from alternating names and values; values may be null (unlike Map.of). */
    static Map<String, Object> params(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("params come in name, value pairs");
        }
        Map<String, Object> params = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            params.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return params;
    }

    static StoreException failure(String operation, SQLException e) {
        return new StoreException(operation + " failed: " + e.getMessage(), e);
    }

    private void checkOpen(String operation) {
        if (closed) {
            throw new StoreException(operation + " failed: the SQLite store on " + file + " is closed");
        }
    }

    private void rollbackQuietly(Throwable cause) {
        try {
            execute(connection, "tx_rollback", Map.of());
        } catch (SQLException e) {
            // SQLite rolls some failures back by itself ("no transaction is active"): nothing to undo.
            cause.addSuppressed(e);
        }
    }
}
