package dev.stevedore.spi.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One SQL statement with {@code :name} parameters, turned into JDBC {@code ?} placeholders once. For
 * store authors.
 *
 * <p>{@code ::type} casts, quoted strings and comments are left alone. A name may appear several
 * times; each occurrence is bound from the same value.
 */
public final class NamedSql {
    private final String jdbcSql;
    private final List<String> names;

    private NamedSql(String jdbcSql, List<String> names) {
        this.jdbcSql = jdbcSql;
        this.names = List.copyOf(names);
    }

    /** Parses {@code sql}. */
    public static NamedSql parse(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        List<String> names = new ArrayList<>();
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int end = sql.indexOf(c, i + 1);
                end = end < 0 ? sql.length() : end + 1;
                out.append(sql, i, end);
                i = end;
            } else if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? sql.length() : end;
                out.append(sql, i, end);
                i = end;
            } else if (c == ':' && i + 1 < sql.length() && sql.charAt(i + 1) == ':') {
                out.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < sql.length() && Character.isJavaIdentifierStart(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < sql.length() && Character.isJavaIdentifierPart(sql.charAt(end))) {
                    end++;
                }
                names.add(sql.substring(i + 1, end));
                out.append('?');
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return new NamedSql(out.toString(), names);
    }

    /** The statement with {@code ?} placeholders. */
    public String sql() {
        return jdbcSql;
    }

    /** Parameter names in placeholder order. */
    public List<String> names() {
        return names;
    }

    /** Prepares the statement on {@code connection} and binds {@code params} by name. */
    public PreparedStatement prepare(Connection connection, Map<String, ?> params) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(jdbcSql);
        try {
            bind(ps, params);
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    /** Binds {@code params} by name onto an already prepared statement of this SQL. */
    public void bind(PreparedStatement ps, Map<String, ?> params) throws SQLException {
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (!params.containsKey(name)) {
                throw new IllegalArgumentException("parameter :" + name + " not supplied; have " + params.keySet());
            }
            ps.setObject(i + 1, params.get(name));
        }
    }
}
