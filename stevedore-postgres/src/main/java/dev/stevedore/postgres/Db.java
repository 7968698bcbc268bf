package dev.stevedore.postgres;

import dev.stevedore.spi.StoreException;
import dev.stevedore.spi.jdbc.NamedQueries;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Runs the store's named queries on pooled connections and turns {@link SQLException}s into
 * {@link StoreException}s that name the operation.
 */
final class Db {
    /** Work on one connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Maps the current row. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final DataSource dataSource;
    private final NamedQueries queries;

    Db(DataSource dataSource, NamedQueries queries) {
        this.dataSource = dataSource;
        this.queries = queries;
    }

    NamedQueries queries() {
        return queries;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** Runs {@code work} on a connection in auto-commit mode. */
    <T> T with(String operation, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(operation, e);
        }
    }

    /** Runs {@code work} in one transaction, committed if it returns and rolled back if it throws. */
    <T> T inTransaction(String operation, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw failure(operation, e);
        }
    }

    /** Runs a query on its own connection and maps every row. */
    <T> List<T> list(String operation, String query, Map<String, ?> params, RowMapper<T> mapper) {
        return with(operation, c -> list(c, query, params, mapper));
    }

    /** Runs an update or delete on its own connection; returns the row count. */
    int update(String operation, String query, Map<String, ?> params) {
        return with(operation, c -> update(c, query, params));
    }

    <T> List<T> list(Connection connection, String query, Map<String, ?> params, RowMapper<T> mapper)
            throws SQLException {
        try (PreparedStatement ps = prepare(connection, query, params);
             ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        }
    }

    int update(Connection connection, String query, Map<String, ?> params) throws SQLException {
        try (PreparedStatement ps = prepare(connection, query, params)) {
            return ps.executeUpdate();
        }
    }

    /** Executes a statement that may or may not return rows, ignoring them. */
    void execute(Connection connection, String query, Map<String, ?> params) throws SQLException {
        try (PreparedStatement ps = prepare(connection, query, params)) {
            ps.execute();
        }
    }

    /**
     * Prepares the named query with {@code params} bound, refusing first a text value holding the NUL
     * character: PostgreSQL's text cannot hold it, and its own error ("invalid byte sequence for encoding
     * UTF8: 0x00") names neither the operation nor the parameter. A filter or name from an operator
     * (a queue, a kind, a search) gets this clear refusal instead.
     */
    private PreparedStatement prepare(Connection connection, String query, Map<String, ?> params) throws SQLException {
        for (Map.Entry<String, ?> param : params.entrySet()) {
            if (param.getValue() instanceof String text && text.indexOf('\0') >= 0) {
                throw new IllegalArgumentException(query + ": :" + param.getKey()
                        + " contains the NUL character (U+0000), which PostgreSQL text cannot hold");
            }
        }
        return queries.get(query).prepare(connection, params);
    }

    /** A SQL array of {@code type} ("text", "bigint" …); null elements are SQL nulls. */
    static Array array(Connection connection, String type, Object[] values) throws SQLException {
        return connection.createArrayOf(type, values);
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
        String state = e.getSQLState() == null ? "" : " [SQLState " + e.getSQLState() + "]";
        String cause = unreachable(e) ? "the database is unreachable (" + e.getMessage() + ")" : e.getMessage();
        return new StoreException(operation + " failed: " + cause + state, e);
    }

    /**
     * Whether the failure is the database being out of reach rather than the statement being wrong:
     * SQLState class 08 (connection exception) from pgjdbc, or the pool's time-out waiting for a
     * connection it could not open.
     */
    private static boolean unreachable(SQLException e) {
        return e instanceof java.sql.SQLTransientConnectionException || e instanceof java.sql.SQLNonTransientConnectionException
                || (e.getSQLState() != null && e.getSQLState().startsWith("08"));
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
