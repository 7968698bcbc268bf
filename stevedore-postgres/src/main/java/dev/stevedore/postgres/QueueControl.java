package dev.stevedore.postgres;

import static dev.stevedore.postgres.Db.params;

import dev.stevedore.PausedQueue;
import dev.stevedore.spi.NodeControl;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pauses, resumes and clears of queues, and the per-node read of pauses and cancel requests. Changes
 * nodes must act on notify {@link PgNotifier#CONTROL} in the same statement, so every node re-reads at
 * once; the polling read alone is still correct.
 */
final class QueueControl {
    private final Db db;
    private final String channel;

    QueueControl(Db db, String channel) {
        this.db = db;
        this.channel = channel;
    }

    boolean pause(String queue) {
        return !db.list("queuePause", "queue_pause", announced("queue", queue), rs -> rs.getString(1)).isEmpty();
    }

    boolean resume(String queue) {
        return !db.list("queueResume", "queue_resume", announced("queue", queue), rs -> rs.getString(1)).isEmpty();
    }

    List<PausedQueue> pausedList() {
        return db.list("queuePausedList", "queue_paused_list", Map.of(),
                rs -> new PausedQueue(rs.getString("name"), JobRows.instant(rs, "paused_at")));
    }

    int clear(String queue, String reason) {
        return db.update("queueClear", "queue_clear", params("queue", queue, "reason", reason));
    }

    NodeControl read(String nodeId) {
        List<PausedQueue> paused = new ArrayList<>();
        List<NodeControl.CancelRequest> cancels = new ArrayList<>();
        db.list("nodeControl", "node_control", params("node", nodeId), rs -> {
            if ("paused".equals(rs.getString("kind"))) {
                paused.add(new PausedQueue(rs.getString("queue"), JobRows.instant(rs, "at")));
            } else {
                cancels.add(cancelRequest(rs));
            }
            return null;
        });
        return new NodeControl(paused, cancels);
    }

    /** Parameters of a statement that also tells every node to re-read its controls. */
    Map<String, Object> announced(Object... namesAndValues) {
        Map<String, Object> params = params(namesAndValues);
        params.put("channel", channel);
        params.put("control", PgNotifier.CONTROL);
        return params;
    }

    private static NodeControl.CancelRequest cancelRequest(ResultSet rs) throws SQLException {
        return new NodeControl.CancelRequest(rs.getLong("id"), rs.getInt("attempt"));
    }
}
