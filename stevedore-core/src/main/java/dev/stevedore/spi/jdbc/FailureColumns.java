package dev.stevedore.spi.jdbc;

import dev.stevedore.ErrorCategory;
import dev.stevedore.Failure;
import dev.stevedore.Issue;
import dev.stevedore.IssueChange;
import dev.stevedore.IssueStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads rows of the {@code failures} and {@code issues} tables the same way in every store. For store
 * authors: each engine passes how it reads a time column.
 */
public final class FailureColumns {
    private FailureColumns() {}

    /** How an engine reads a time column (timestamptz, epoch milliseconds …); null when SQL NULL. */
    @FunctionalInterface
    public interface Instants {
        @Nullable Instant read(ResultSet rs, String column) throws SQLException;
    }

    /** The failure of the current row. */
    public static Failure failure(ResultSet rs, Instants instants) throws SQLException {
        return new Failure(rs.getLong("id"), rs.getString("issue_id"), rs.getLong("job_id"), rs.getString("kind"),
                rs.getString("queue"), rs.getString("args"), rs.getString("error_class"), rs.getString("message"),
                rs.getString("stack"), ErrorCategory.valueOf(rs.getString("category").toUpperCase(Locale.ROOT)),
                rs.getBoolean("retryable"), rs.getInt("attempt"), rs.getString("node"),
                Duration.ofMillis(rs.getLong("duration_ms")), instants.read(rs, "at"),
                StoreJson.strings(rs.getString("tags")), StoreJson.stringMap(rs.getString("metadata")));
    }

    /** The issue of the current row. */
    public static Issue issue(ResultSet rs, Instants instants) throws SQLException {
        return new Issue(rs.getString("id"), rs.getString("kind"), rs.getString("error_class"), rs.getString("message"),
                rs.getString("stack"), IssueStatus.ofDbName(rs.getString("status")), rs.getLong("count"),
                instants.read(rs, "first_seen"), instants.read(rs, "last_seen"),
                StoreJson.strings(rs.getString("queues")), StoreJson.longs(rs.getString("sample_job_ids")),
                instants.read(rs, "regressed_at"));
    }

    /**
     * The change of an issue row the current call opened or regressed: a regression if the row has
     * {@code regressed_at}, else an opening (at its first failure).
     */
    public static IssueChange issueChange(ResultSet rs, Instants instants) throws SQLException {
        Instant regressedAt = instants.read(rs, "regressed_at");
        return new IssueChange(regressedAt == null ? IssueChange.Type.OPENED : IssueChange.Type.REGRESSED,
                rs.getString("id"), rs.getString("kind"), rs.getString("error_class"), rs.getString("message"),
                regressedAt == null ? instants.read(rs, "first_seen") : regressedAt);
    }

    /** The stored (lower-case) name of a category. */
    public static String category(ErrorCategory category) {
        return category.name().toLowerCase(Locale.ROOT);
    }
}
