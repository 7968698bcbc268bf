package dev.stevedore.postgres;

import dev.stevedore.AttemptError;
import dev.stevedore.ErrorCategory;
import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.spi.NodeHealth;
import dev.stevedore.spi.NodeInfo;
import dev.stevedore.spi.jdbc.JobColumns;
import dev.stevedore.spi.jdbc.StoreJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps rows of {@code jobs} and {@code nodes} to records.
 *
 * <p>The JSON columns are read leniently: a row someone wrote by hand with a malformed {@code errors},
 * {@code tags} or {@code metadata} value still maps (the bad value reads as empty, with a warning),
 * because one bad row must not stop a claim from handing out the rest of its batch.
 */
final class JobRows {
    private static final Logger LOG = LoggerFactory.getLogger(JobRows.class);

    /** The order {@code job_claim} picks in: priority high first, then due first, then id. */
    static final Comparator<Job> CLAIM_ORDER = Comparator.comparingInt(Job::priority).reversed()
            .thenComparing(Job::scheduledAt)
            .thenComparingLong(Job::id);

    private JobRows() {}

    static Job job(ResultSet rs) throws SQLException {
        long id = rs.getLong("id");
        return new Job(
                id,
                rs.getString("kind"),
                rs.getString("queue"),
                JobState.fromDb(rs.getString("state")),
                rs.getInt("priority"),
                rs.getString("args"),
                rs.getInt("attempt"),
                rs.getInt("max_attempts"),
                instant(rs, "created_at"),
                instant(rs, "scheduled_at"),
                instant(rs, "attempted_at"),
                rs.getString("attempted_by"),
                instant(rs, "finished_at"),
                millis(rs, "timeout_ms"),
                lenient("job " + id, "tags", rs.getString("tags"), JobRows::strings, List.of()),
                lenient("job " + id, "metadata", rs.getString("metadata"), JobRows::stringMap, Map.of()),
                lenient("job " + id, "errors", rs.getString("errors"), JobRows::errors, List.of()),
                category(rs.getString("error_category")),
                JobColumns.progress(rs.getObject("progress_percent", Integer.class), rs.getString("progress_message")),
                rs.getString("output"),
                JobColumns.cancellation(instant(rs, "cancel_requested_at"), rs.getString("cancel_reason")),
                instant(rs, "start_by"),
                instant(rs, "deadline_at"),
                millis(rs, "heartbeat_timeout_ms"),
                rs.getObject("batch_id", Long.class),
                instant(rs, "quarantined_at"));
    }

    static NodeInfo node(ResultSet rs) throws SQLException {
        String nodeId = rs.getString("node_id");
        return new NodeInfo(
                nodeId,
                rs.getString("host"),
                rs.getLong("pid"),
                lenient("node " + nodeId, "queues", rs.getString("queues"), JobRows::strings, List.of()),
                rs.getInt("running"),
                instant(rs, "started_at"),
                instant(rs, "heartbeat_at"),
                new NodeHealth(rs.getLong("heap_used"), rs.getLong("heap_max"), rs.getLong("rss"),
                        rs.getObject("oldest_job_id", Long.class), instant(rs, "oldest_job_since")),
                lenient("node " + nodeId, "queue_settings", rs.getString("queue_settings"), StoreJson::queueSettings,
                        Map.of()));
    }

    static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static @Nullable Duration millis(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Duration.ofMillis(millis);
    }

    /** Lower-case stored category, or null when absent or not one we know. */
    static @Nullable ErrorCategory category(@Nullable String stored) {
        if (stored == null) {
            return null;
        }
        try {
            return ErrorCategory.valueOf(stored.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static List<String> strings(String json) {
        return StoreJson.strings(json).stream().filter(Objects::nonNull).toList();
    }

    private static Map<String, String> stringMap(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        StoreJson.stringMap(json).forEach((k, v) -> {
            if (k != null && v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static List<AttemptError> errors(String json) {
        return StoreJson.errors(json).stream().filter(Objects::nonNull).toList();
    }

    private static <T> T lenient(String owner, String column, @Nullable String json, Function<String, T> read,
                                 T empty) {
        if (json == null || "[]".equals(json) || "{}".equals(json)) {
            return empty; // the column defaults, on almost every row: skip the JSON parser
        }
        try {
            T value = read.apply(json);
            return value == null ? empty : value;
        } catch (RuntimeException e) {
            LOG.warn("{} of {} is not valid for its column and reads as empty: {}", column, owner, e.getMessage());
            return empty;
        }
    }
}
