package dev.stevedore.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.spi.jdbc.NamedQueries;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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

    /** The jobs table's columns that move, as the file and the insert name them. */
    private static final List<String> JOB_COLUMNS = List.of("kind", "queue", "state", "priority", "args", "attempt",
            "max_attempts", "created_at", "scheduled_at", "attempted_at", "attempted_by", "finished_at", "timeout_ms",
            "tags", "metadata", "errors", "error_category", "progress_percent", "progress_message", "output",
            "cancel_requested_at", "cancel_reason", "start_by", "deadline_at", "heartbeat_timeout_ms", "unique_key",
            "unique_states", "limit_keys");
    /** Of those, the ones the file holds as JSON text, which go over as JSON values. */
    private static final Set<String> JSON_COLUMNS = Set.of("args", "tags", "metadata", "errors", "output", "limit_keys");
    private static final List<String> CRON_COLUMNS = List.of("name", "expression", "zone", "last_tick_at",
            "next_tick_at", "updated_at", "declared_expression", "declared_zone", "edited_at", "disabled_at",
            "disabled_reason", "consecutive_failures", "last_outcome", "last_outcome_at");

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

    /** SQLite's name for the file's own schema; its queries name no schema. */
    private static final NamedQueries FILE = NamedQueries.load(StoreMove.class, "store_move_sqlite.sql", "main");

    private final Path source;
    private final String targetUrl;
    private final String schema;
    private final NamedQueries target;

    StoreMove(Path source, String targetUrl, String schema) {
        this.source = source.toAbsolutePath().normalize();
        this.targetUrl = targetUrl;
        this.schema = schema;
        this.target = NamedQueries.load(StoreMove.class, "store_move_postgres.sql", schema);
    }

    /** Moves pending jobs (and with {@code history} finished ones too) and cron schedules; nothing is written when {@code dryRun}. */
    Report run(boolean history, boolean dryRun) throws SQLException {
        List<String> states = new ArrayList<>(PENDING);
        if (history) {
            states.addAll(FINISHED);
        }
        Map<String, Object> filter = Map.of("states", json(states));
        try (Connection from = DriverManager.getConnection("jdbc:sqlite:file:" + source + "?mode=ro");
             Connection to = DriverManager.getConnection(targetUrl)) {
            Set<String> moved = new HashSet<>(strings(to, "moved_markers", Map.of("marker", MARKER)));
            Map<String, Long> counts = new TreeMap<>();
            long already = 0;
            long duplicates = 0;
            Set<String> wake = new TreeSet<>();
            List<ObjectNode> batch = new ArrayList<>();
            try (PreparedStatement read = FILE.get("movable_jobs").prepare(from, filter); ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    String marker = "sqlite:" + source + "#" + rs.getLong("id");
                    if (moved.contains(marker)) {
                        already++;
                        continue;
                    }
                    counts.merge(rs.getString("state"), 1L, Long::sum);
                    batch.add(jobRow(rs, marker));
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
                for (String queue : wake) { // wakes the target's workers for the queues that got ready jobs
                    execute(to, "notify", Map.of("channel", "stevedore_" + schema, "queue", queue));
                }
            }
            long inOpenBatches;
            try (PreparedStatement count = FILE.get("jobs_in_open_batches").prepare(from, filter);
                 ResultSet rs = count.executeQuery()) {
                rs.next();
                inOpenBatches = rs.getLong(1);
            }
            List<String> cronMoved = new ArrayList<>();
            List<String> cronPresent = new ArrayList<>();
            moveCron(from, to, dryRun, cronMoved, cronPresent);
            return new Report(counts, already, duplicates, inOpenBatches, cronMoved, cronPresent);
        }
    }

    /** A source row as the target stores it: running becomes available, the marker joins the metadata. */
    private static ObjectNode jobRow(ResultSet rs, String marker) throws SQLException {
        ObjectNode row = JSON.createObjectNode();
        for (String column : JOB_COLUMNS) {
            Object value = rs.getObject(column);
            if (value == null) {
                row.putNull(column);
            } else if (JSON_COLUMNS.contains(column)) {
                try {
                    row.set(column, JSON.readTree((String) value));
                } catch (JsonProcessingException e) {
                    throw new SQLException("job " + rs.getLong("id") + ": its " + column + " is not JSON (" + e.getOriginalMessage() + ")", e);
                }
            } else {
                row.set(column, JSON.valueToTree(value));
            }
        }
        if ("running".equals(row.path("state").asText())) {
            row.put("state", "available");
            row.putNull("cancel_requested_at");
        }
        JsonNode metadata = row.get("metadata");
        ObjectNode merged = metadata instanceof ObjectNode object ? object : JSON.createObjectNode();
        row.set("metadata", merged.put(MARKER, marker));
        return row;
    }

    /** Inserts one batch in one transaction; returns how many a unique key kept out. */
    private long insertJobs(Connection to, List<ObjectNode> rows, Set<String> wake) throws SQLException {
        boolean autoCommit = to.getAutoCommit();
        to.setAutoCommit(false);
        try (PreparedStatement ps = target.get("insert_jobs").prepare(to, Map.of("rows", json(rows)));
             ResultSet rs = ps.executeQuery()) {
            long inserted = 0;
            while (rs.next()) {
                inserted++;
                if ("available".equals(rs.getString("state"))) {
                    wake.add(rs.getString("queue"));
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

    private void moveCron(Connection from, Connection to, boolean dryRun, List<String> moved, List<String> present)
            throws SQLException {
        Set<String> existing = new HashSet<>(strings(to, "cron_names", Map.of()));
        try (PreparedStatement read = FILE.get("cron_schedules").prepare(from, Map.of()); ResultSet rs = read.executeQuery()) {
            while (rs.next()) {
                String name = rs.getString("name");
                if (existing.contains(name)) {
                    present.add(name);
                    continue;
                }
                moved.add(name);
                if (!dryRun) {
                    Map<String, Object> row = new HashMap<>();
                    for (String column : CRON_COLUMNS) {
                        row.put(column, rs.getObject(column));
                    }
                    execute(to, "insert_cron", row);
                }
            }
        }
    }

    private List<String> strings(Connection to, String query, Map<String, ?> params) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = target.get(query).prepare(to, params); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private void execute(Connection to, String query, Map<String, ?> params) throws SQLException {
        try (PreparedStatement ps = target.get(query).prepare(to, params)) {
            ps.execute();
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }
}
