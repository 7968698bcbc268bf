package dev.stevedore.spi.jdbc;

import dev.stevedore.Alert;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads rows of the {@code alerts} table the same way in every store. For store authors. */
public final class AlertColumns {
    private AlertColumns() {}

    /** The alert of the current row. */
    public static Alert alert(ResultSet rs, FailureColumns.Instants instants) throws SQLException {
        return new Alert(rs.getLong("id"), rs.getString("rule"), rs.getString("subject"), rs.getString("message"),
                instants.read(rs, "fired_at"), instants.read(rs, "resolved_at"));
    }
}
