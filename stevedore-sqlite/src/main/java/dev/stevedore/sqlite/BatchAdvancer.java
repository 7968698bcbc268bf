package dev.stevedore.sqlite;

import static dev.stevedore.sqlite.Db.params;

import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.spi.BatchCallback;
import dev.stevedore.spi.jdbc.ConsumedEdge;
import dev.stevedore.spi.jdbc.StoreJson;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Moves workflows and batches forward once jobs have reached a final state, inside the caller's
 * {@code BEGIN IMMEDIATE} transaction (which no other writer can interleave with): deletes the edges
 * those jobs held, cancels or releases the steps waiting on them, and finishes every batch left with
 * nothing unfinished, parents after children, inserting its callbacks.
 */
final class BatchAdvancer {
    private static final long WAITING = Job.AWAITING_UPSTREAM.toEpochMilli();

    private final Db db;
    private final JobInserter inserter;

    BatchAdvancer(Db db, JobInserter inserter) {
        this.db = db;
        this.inserter = inserter;
    }

    /**
     * Advances after {@code jobIds} changed state (those not final are ignored), adding to
     * {@code woken} the queues that got available jobs. Returns how many edges, steps and batches it
     * changed.
     */
    int afterFinal(Connection c, Collection<Long> jobIds, long now, Set<String> woken) throws SQLException {
        Set<Long> finals = new LinkedHashSet<>(jobIds);
        int changed = 0;
        Collection<Long> upstreams = jobIds;
        while (!upstreams.isEmpty()) {
            List<ConsumedEdge> edges = db.list(c, "batch_dep_final", params("ids", ids(upstreams)), BatchAdvancer::edge);
            if (edges.isEmpty()) {
                break;
            }
            List<List<Object>> pairs = new ArrayList<>(edges.size());
            edges.forEach(e -> pairs.add(List.of(e.job(), e.upstream())));
            db.update(c, "batch_dep_delete", params("rows", StoreJson.rows(pairs)));
            List<Long> cancelled = cancel(c, edges, now);
            List<Long> waiting = edges.stream().map(ConsumedEdge::job).distinct().toList();
            List<Long> released = db.list(c, "batch_dep_release",
                    params("ids", ids(waiting), "now", now, "waiting", WAITING), rs -> {
                        woken.add(rs.getString("queue"));
                        return rs.getLong("id");
                    });
            changed += edges.size() + cancelled.size() + released.size();
            finals.addAll(cancelled);
            upstreams = cancelled; // their own waiting steps are next
        }
        List<Long> batches = db.list(c, "batch_of_final_jobs", params("ids", ids(finals)), rs -> rs.getLong(1));
        return changed + finish(c, batches, now, woken);
    }

    /** Finishes those of {@code batchIds} (and then their parents) that are ready; returns how many. */
    int finish(Connection c, List<Long> batchIds, long now, Set<String> woken) throws SQLException {
        int finished = 0;
        List<Long> candidates = batchIds;
        while (!candidates.isEmpty()) {
            record Finished(long id, Long parentId, boolean succeeded) {}
            List<Finished> rows = new ArrayList<>();
            for (long ready : db.list(c, "batch_ready", params("ids", ids(candidates)), rs -> rs.getLong(1))) {
                rows.addAll(db.list(c, "batch_finish", params("id", ready, "now", now), rs -> new Finished(
                        rs.getLong("id"), JobRows.nullableLong(rs, "parent_id"), rs.getBoolean("succeeded"))));
            }
            for (Finished batch : rows) {
                BatchCallback.Event outcome = batch.succeeded() ? BatchCallback.Event.SUCCESS : BatchCallback.Event.FAILURE;
                List<Map<String, Object>> callbacks = db.list(c, "batch_callbacks_due",
                        params("id", batch.id(), "outcome", outcome.dbName()), rs -> callbackRow(rs, now));
                inserter.insertInBatch(c, batch.id(), callbacks);
                callbacks.forEach(row -> woken.add((String) row.get("queue")));
            }
            finished += rows.size();
            candidates = rows.stream().map(Finished::parentId).filter(Objects::nonNull).distinct().toList();
        }
        return finished;
    }

    /** Cancels the waiting steps a failed upstream cancels, and forgets their other edges. */
    private List<Long> cancel(Connection c, List<ConsumedEdge> edges, long now) throws SQLException {
        Map<Long, String> reasons = ConsumedEdge.cancellations(edges);
        if (reasons.isEmpty()) {
            return List.of();
        }
        List<List<Object>> rows = new ArrayList<>(reasons.size());
        reasons.forEach((id, reason) -> rows.add(List.of(id, reason)));
        List<Long> cancelled = db.list(c, "batch_dep_cancel",
                params("rows", StoreJson.rows(rows), "now", now, "waiting", WAITING), rs -> rs.getLong(1));
        if (!cancelled.isEmpty()) {
            db.update(c, "batch_dep_forget", params("ids", ids(cancelled)));
        }
        return cancelled;
    }

    /** A callback as the row job_insert takes: callbacks carry no time limits of their own. */
    private static Map<String, Object> callbackRow(ResultSet rs, long now) throws SQLException {
        return params("kind", rs.getString("kind"), "queue", rs.getString("queue"), "args", rs.getString("args"),
                "priority", rs.getInt("priority"), "max_attempts", rs.getInt("max_attempts"),
                "state", JobState.AVAILABLE.dbName(), "now", now, "scheduled_at", now,
                "timeout_ms", JobRows.nullableLong(rs, "timeout_ms"), "tags", rs.getString("tags"),
                "metadata", rs.getString("metadata"), "start_by", null, "deadline_at", null, "heartbeat_timeout_ms", null,
                "limit_keys", null);
    }

    /** Ids as the JSON array the statements read with json_each. */
    static String ids(Collection<Long> ids) {
        StringBuilder json = new StringBuilder(ids.size() * 8 + 2).append('[');
        for (Long id : ids) {
            json.append(json.length() > 1 ? "," : "").append(id.longValue());
        }
        return json.append(']').toString();
    }

    private static ConsumedEdge edge(ResultSet rs) throws SQLException {
        return new ConsumedEdge(rs.getLong("job_id"), rs.getLong("upstream_id"), rs.getString("on_failure"),
                rs.getString("upstream_state"));
    }
}
