package dev.stevedore.sqlite;

import static dev.stevedore.sqlite.Db.params;

import dev.stevedore.PausedQueue;
import dev.stevedore.spi.NodeControl;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pauses, resumes and clears of queues, and the per-node read of pauses and cancel requests. The store
 * announces changes to subscribers in this process; other processes find them by polling.
 */
final class QueueControl {
    private final Db db;

    QueueControl(Db db) {
        this.db = db;
    }

    boolean pause(Connection c, String queue, long now) throws SQLException {
        return db.update(c, "queue_pause", params("queue", queue, "now", now)) > 0;
    }

    boolean resume(Connection c, String queue, long now) throws SQLException {
        return db.update(c, "queue_resume", params("queue", queue, "now", now)) > 0;
    }

    List<PausedQueue> pausedList(Connection c) throws SQLException {
        return db.list(c, "queue_paused_list", Map.of(),
                rs -> new PausedQueue(rs.getString("name"), JobRows.instant(rs, "paused_at")));
    }

    int clear(Connection c, String queue, String reason, long now) throws SQLException {
        return db.update(c, "queue_clear", params("queue", queue, "reason", reason, "now", now));
    }

    NodeControl read(Connection c, String nodeId) throws SQLException {
        List<PausedQueue> paused = new ArrayList<>();
        List<NodeControl.CancelRequest> cancels = new ArrayList<>();
        db.list(c, "node_control", params("node", nodeId), rs -> {
            if ("paused".equals(rs.getString("kind"))) {
                paused.add(new PausedQueue(rs.getString("queue"), JobRows.instant(rs, "at")));
            } else {
                cancels.add(new NodeControl.CancelRequest(rs.getLong("id"), rs.getInt("attempt")));
            }
            return null;
        });
        return new NodeControl(paused, cancels);
    }
}
