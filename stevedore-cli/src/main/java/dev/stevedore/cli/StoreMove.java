package dev.stevedore.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Moves the jobs and cron schedules of an embedded SQLite file into a PostgreSQL schema, through the
 * stable table contract (docs/stores.md), for {@code stevedore migrate-store}.
 *
 * <p>The source is only read. Each moved job carries {@code metadata["stevedore.moved_from"] =
 * "sqlite:<file>#<id>"}, so a second run (after a failure, or to pick up jobs enqueued since) skips what
 * an earlier one moved: the move is idempotent. Jobs go in batches of {@link #BATCH}, one transaction
 * each; a job whose unique key an unfinished target job holds is left out and counted. A job that was
 * {@code running} when its node stopped moves as {@code available} (its attempt kept, as a rescue would).
 * Jobs of unfinished batches stay behind (their batch does not move); finished ones move without it.
 * Cron schedules move with their last tick, so no tick fires twice, unless the target has the name already.
 */
final class StoreMove {
    /** The metadata key naming where a moved job came from. */
    static final String MARKER = "stevedore.moved_from";
    static final int BATCH = 500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PENDING = List.of("scheduled", "available", "running", "retryable", "held");
    private static final List<String> FINISHED = List.of("completed", "discarded", "cancelled");

    /** How a column's SQLite value becomes PostgreSQL's. */
    private enum Type {
        VALUE("?"), TIME("timestamptz 'epoch' + ?::bigint * interval '1 millisecond'"), JSON("?::jsonb"),
        TEXT_ARRAY("(SELECT array_agg(k) FROM jsonb_array_elements_text(?::jsonb) AS k)");

        final String placeholder;

        Type(String placeholder) {
            this.placeholder = placeholder;
        }
    }

    private record Column(String name, Type type) {}

    private static final List<Column> JOB_COLUMNS = List.of(
            new Column("kind", Type.VALUE), new Column("queue", Type.VALUE), new Column("state", Type.VALUE),
            new Column("priority", Type.VALUE), new Column("args", Type.JSON), new Column("attempt", Type.VALUE),
            new Column("max_attempts", Type.VALUE), new Column("created_at", Type.TIME),
            new Column("scheduled_at", Type.TIME), new Column("attempted_at", Type.TIME),
            new Column("attempted_by", Type.VALUE), new Column("finished_at", Type.TIME),
            new Column("timeout_ms", Type.VALUE), new Column("tags", Type.JSON), new Column("metadata", Type.JSON),
            new Column("errors", Type.JSON), new Column("error_category", Type.VALUE),
            new Column("progress_percent", Type.VALUE), new Column("progress_message", Type.VALUE),
            new Column("output", Type.JSON), new Column("cancel_requested_at", Type.TIME),
            new Column("cancel_reason", Type.VALUE), new Column("start_by", Type.TIME),
            new Column("deadline_at", Type.TIME), new Column("heartbeat_timeout_ms", Type.VALUE),
            new Column("unique_key", Type.VALUE), new Column("unique_states", Type.VALUE),
            new Column("limit_keys", Type.TEXT_ARRAY));

    private static final List<Column> CRON_COLUMNS = List.of(
            new Column("name", Type.VALUE), new Column("expression", Type.VALUE), new Column("zone", Type.VALUE),
            new Column("last_tick_at", Type.TIME), new Column("next_tick_at", Type.TIME),
            new Column("updated_at", Type.TIME), new Column("declared_expression", Type.VALUE),
            new Column("declared_zone", Type.VALUE), new Column("edited_at", Type.TIME),
            new Column("disabled_at", Type.TIME), new Column("disabled_reason", Type.VALUE),
            new Column("consecutive_failures", Type.VALUE), new Column("last_outcome", Type.VALUE),
            new Column("last_outcome_at", Type.TIME));

    /**
     * What a move did, or with a dry run would do.
     *
     * @param moved            jobs moved (or to move) per state, as stored in the source
     * @param alreadyMoved     jobs an earlier run moved
     * @param uniqueDuplicates jobs left out because an unfinished target job holds their unique key
     * @param inOpenBatches    jobs left behind because their batch has not finished
     * @param cronMoved        schedules moved (or to move)
     * @param cronPresent      schedules left out because the target has one of the same name
     */
    record Report(Map<String, Long> moved, long alreadyMoved, long uniqueDuplicates, long inOpenBatches,
                  List<String> cronMoved, List<String> cronPresent) {
        long movedTotal() {
            return moved.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Path source;
    private final String targetUrl;
    private final String schema;

    StoreMove(Path source, String targetUrl, String schema) {
        this.source = source.toAbsolutePath().normalize();
        this.targetUrl = targetUrl;
        this.schema = schema;
    }

    /** Moves pending jobs (and with {@code history} finished ones too) and cron schedules; nothing is written when {@code dryRun}. */
    Report run(boolean history, boolean dryRun) throws SQLException {
        List<String> states = new ArrayList<>(PENDING);
        if (history) {
            states.addAll(FINISHED);
        }
        try (Connection from = DriverManager.getConnection("jdbc:sqlite:file:" + source + "?mode=ro");
             Connection to = DriverManager.getConnection(targetUrl)) {
            Set<String> moved = markers(to);
            Map<String, Long> counts = new TreeMap<>();
            long already = 0;
            long duplicates = 0;
            long inOpenBatches = countInOpenBatches(from, states);
            Set<String> wake = new TreeSet<>();
            List<Map<String, Object>> batch = new ArrayList<>();
            try (PreparedStatement read = from.prepareStatement(selectJobs(states.size()))) {
                bind(read, states);
                ResultSet rs = read.executeQuery();
                while (rs.next()) {
                    String marker = "sqlite:" + source + "#" + rs.getLong("id");
                    if (moved.contains(marker)) {
                        already++;
                        continue;
                    }
                    Map<String, Object> row = jobRow(rs, marker);
                    counts.merge(rs.getString("state"), 1L, Long::sum);
                    batch.add(row);
                    if (batch.size() == BATCH) {
                        duplicates += dryRun ? 0 : insertJobs(to, batch, wake);
                        batch.clear();
                    }
                }
            }
            if (!batch.isEmpty()) {
                duplicates += dryRun ? 0 : insertJobs(to, batch, wake);
            }
            if (!dryRun) {
                notify(to, wake);
            }
            List<String> cronMoved = new ArrayList<>();
            List<String> cronPresent = new ArrayList<>();
            moveCron(from, to, dryRun, cronMoved, cronPresent);
            return new Report(counts, already, duplicates, inOpenBatches, cronMoved, cronPresent);
        }
    }

    private static String selectJobs(int states) {
        // Jobs of batches that have not finished stay behind: their batch (callbacks, tally) does not move.
        return "SELECT j.* FROM jobs j WHERE j.state IN (" + placeholders(states) + ")"
                + " AND (j.batch_id IS NULL OR EXISTS (SELECT 1 FROM batches b WHERE b.id = j.batch_id AND b.finished_at IS NOT NULL))"
                + " ORDER BY j.id";
    }

    private static void bind(PreparedStatement ps, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            ps.setString(i + 1, values.get(i));
        }
    }

    private static long countInOpenBatches(Connection from, List<String> states) throws SQLException {
        String sql = "SELECT count(*) FROM jobs j WHERE j.state IN (" + placeholders(states.size()) + ") AND j.batch_id IS NOT NULL"
                + " AND NOT EXISTS (SELECT 1 FROM batches b WHERE b.id = j.batch_id AND b.finished_at IS NOT NULL)";
        try (PreparedStatement ps = from.prepareStatement(sql)) {
            bind(ps, states);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A source row as the target stores it: running becomes available, the marker joins the metadata. */
    private static Map<String, Object> jobRow(ResultSet rs, String marker) throws SQLException {
        Map<String, Object> row = new TreeMap<>();
        for (Column column : JOB_COLUMNS) {
            row.put(column.name(), rs.getObject(column.name()));
        }
        if ("running".equals(row.get("state"))) {
            row.put("state", "available");
            row.put("cancel_requested_at", null);
        }
        try {
            String metadata = (String) row.get("metadata");
            ObjectNode object = metadata == null ? JSON.createObjectNode() : (ObjectNode) JSON.readTree(metadata);
            row.put("metadata", JSON.writeValueAsString(object.put(MARKER, marker)));
        } catch (JsonProcessingException | ClassCastException e) {
            throw new SQLException("job " + rs.getLong("id") + " has metadata that is not a JSON object: " + e.getMessage(), e);
        }
        return row;
    }

    /** Inserts one batch in one transaction; returns how many a unique key kept out. */
    private long insertJobs(Connection to, List<Map<String, Object>> rows, Set<String> wake) throws SQLException {
        String columns = JOB_COLUMNS.stream().map(Column::name).collect(Collectors.joining(", "));
        String values = JOB_COLUMNS.stream().map(c -> c.type().placeholder).collect(Collectors.joining(", ", "(", ")"));
        String sql = "INSERT INTO " + schema + ".jobs (" + columns + ") VALUES "
                + String.join(", ", java.util.Collections.nCopies(rows.size(), values))
                + " ON CONFLICT DO NOTHING RETURNING queue, state";
        boolean autoCommit = to.getAutoCommit();
        to.setAutoCommit(false);
        try (PreparedStatement ps = to.prepareStatement(sql)) {
            int i = 1;
            for (Map<String, Object> row : rows) {
                for (Column column : JOB_COLUMNS) {
                    ps.setObject(i++, row.get(column.name()));
                }
            }
            long inserted = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted++;
                    if ("available".equals(rs.getString(2))) {
                        wake.add(rs.getString(1));
                    }
                }
            }
            to.commit();
            return rows.size() - inserted;
        } catch (SQLException | RuntimeException e) {
            to.rollback();
            throw e;
        } finally {
            to.setAutoCommit(autoCommit);
        }
    }

    /** Wakes the target's workers for the queues that got ready jobs. */
    private void notify(Connection to, Set<String> queues) throws SQLException {
        try (PreparedStatement ps = to.prepareStatement("SELECT pg_notify(?, ?)")) {
            for (String queue : queues) {
                ps.setString(1, "stevedore_" + schema);
                ps.setString(2, queue);
                ps.execute();
            }
        }
    }

    private Set<String> markers(Connection to) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = to.prepareStatement("SELECT metadata ->> ? FROM " + schema + ".jobs WHERE metadata ->> ? IS NOT NULL")) {
            ps.setString(1, MARKER);
            ps.setString(2, MARKER);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private void moveCron(Connection from, Connection to, boolean dryRun, List<String> moved, List<String> present)
            throws SQLException {
        Set<String> existing = new HashSet<>();
        try (Statement s = to.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM " + schema + ".cron_schedules")) {
            while (rs.next()) {
                existing.add(rs.getString(1));
            }
        }
        String columns = CRON_COLUMNS.stream().map(Column::name).collect(Collectors.joining(", "));
        String values = CRON_COLUMNS.stream().map(c -> c.type().placeholder).collect(Collectors.joining(", "));
        try (Statement s = from.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM cron_schedules ORDER BY name");
             PreparedStatement insert = to.prepareStatement("INSERT INTO " + schema + ".cron_schedules (" + columns
                     + ") VALUES (" + values + ") ON CONFLICT (name) DO NOTHING")) {
            while (rs.next()) {
                String name = rs.getString("name");
                if (existing.contains(name)) {
                    present.add(name);
                    continue;
                }
                moved.add(name);
                if (dryRun) {
                    continue;
                }
                for (int i = 0; i < CRON_COLUMNS.size(); i++) {
                    insert.setObject(i + 1, rs.getObject(CRON_COLUMNS.get(i).name()));
                }
                insert.executeUpdate();
            }
        }
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
