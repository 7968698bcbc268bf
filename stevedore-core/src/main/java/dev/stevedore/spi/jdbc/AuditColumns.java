package dev.stevedore.spi.jdbc;

import dev.stevedore.spi.AuditEntry;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads rows of the {@code audit_log} table the same way in every store. For store authors. */
public final class AuditColumns {
    private AuditColumns() {}

    /** The audit entry of the current row. */
    public static AuditEntry entry(ResultSet rs, FailureColumns.Instants instants) throws SQLException {
        return new AuditEntry(rs.getLong("id"), instants.read(rs, "at"), rs.getString("actor"), rs.getString("action"),
                rs.getString("target"), StoreJson.longs(rs.getString("job_ids")), rs.getString("outcome"));
    }
}
