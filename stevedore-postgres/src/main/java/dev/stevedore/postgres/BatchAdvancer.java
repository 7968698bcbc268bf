package dev.stevedore.postgres;

import static dev.stevedore.postgres.Db.array;
import static dev.stevedore.postgres.Db.params;

import dev.stevedore.Job;
import dev.stevedore.spi.jdbc.ConsumedEdge;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Moves workflows and batches forward once jobs have reached a final state, inside the caller's
 * transaction: the edges those jobs held are deleted, the steps waiting on them are cancelled or
 * released, and every batch left with nothing unfinished is finished, parents after children. The
 * statements lock rows in the order queries.sql describes, so concurrent completers and sweeps on any
 * number of nodes wait for each other at worst, and each batch finishes once.
 */
final class BatchAdvancer {
    /** The scheduled_at of a waiting step, as the statements compare it. */
    private static final OffsetDateTime WAITING = Job.AWAITING_UPSTREAM.atOffset(ZoneOffset.UTC);

    private final Db db;
    private final String channel;

    BatchAdvancer(Db db, String channel) {
        this.db = db;
        this.channel = channel;
    }

    /**
     * Advances after {@code jobIds} changed state (those not final are ignored). Returns how many edges,
     * steps and batches it changed.
     */
    int afterFinal(Connection c, Collection<Long> jobIds) throws SQLException {
        Set<Long> finals = new LinkedHashSet<>(jobIds);
        int changed = 0;
        List<Long> upstreams = List.copyOf(jobIds);
        while (!upstreams.isEmpty()) {
            List<ConsumedEdge> edges = db.list(c, "batch_dep_consume", params("ids", longs(c, upstreams)),
                    BatchAdvancer::edge);
            if (edges.isEmpty()) {
                break;
            }
            List<Long> waiting = edges.stream().map(ConsumedEdge::job).distinct().sorted().toList();
            db.list(c, "batch_lock_jobs", params("ids", longs(c, waiting)), rs -> rs.getLong(1));
            List<Long> cancelled = cancel(c, edges);
            List<Long> released = db.list(c, "batch_dep_release",
                    params("ids", longs(c, waiting), "waiting", WAITING, "channel", channel), rs -> rs.getLong("id"));
            changed += edges.size() + cancelled.size() + released.size();
            finals.addAll(cancelled);
            upstreams = cancelled; // their own waiting steps are next
        }
        List<Long> batches = db.list(c, "batch_of_final_jobs", params("ids", longs(c, finals)), rs -> rs.getLong(1));
        return changed + finish(c, batches);
    }

    /** Finishes those of {@code batchIds} (and then their parents) that are ready; returns how many. */
    int finish(Connection c, List<Long> batchIds) throws SQLException {
        if (batchIds.isEmpty()) {
            return 0;
        }
        db.list(c, "batch_lock_open", params("ids", longs(c, batchIds)), rs -> rs.getLong(1));
        int finished = 0;
        List<Long> candidates = batchIds;
        while (!candidates.isEmpty()) {
            List<Long> parents = db.list(c, "batch_finish", params("ids", longs(c, candidates), "channel", channel),
                    rs -> (Long) rs.getObject("parent_id"));
            finished += parents.size();
            candidates = parents.stream().filter(Objects::nonNull).distinct().toList();
        }
        return finished;
    }

    /** Cancels the waiting steps a failed upstream cancels, and forgets their other edges. */
    private List<Long> cancel(Connection c, List<ConsumedEdge> edges) throws SQLException {
        Map<Long, String> reasons = ConsumedEdge.cancellations(edges);
        if (reasons.isEmpty()) {
            return List.of();
        }
        List<Long> cancelled = db.list(c, "batch_dep_cancel", params(
                "ids", longs(c, reasons.keySet()), "reasons", array(c, "text", reasons.values().toArray()),
                "waiting", WAITING), rs -> rs.getLong(1));
        if (!cancelled.isEmpty()) {
            db.update(c, "batch_dep_forget", params("ids", longs(c, cancelled)));
        }
        return cancelled;
    }

    private static java.sql.Array longs(Connection c, Collection<Long> ids) throws SQLException {
        return array(c, "int8", ids.toArray());
    }

    private static ConsumedEdge edge(ResultSet rs) throws SQLException {
        return new ConsumedEdge(rs.getLong("job_id"), rs.getLong("upstream_id"), rs.getString("on_failure"),
                rs.getString("upstream_state"));
    }
}
