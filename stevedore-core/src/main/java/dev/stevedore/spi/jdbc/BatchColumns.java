package dev.stevedore.spi.jdbc;

import dev.stevedore.BatchState;
import dev.stevedore.BatchStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads batches from their columns, and refuses what an unknown or finished batch cannot take, the
 * same way in every store. For store authors.
 */
public final class BatchColumns {
    private BatchColumns() {}

    /** How a store reads one of its time columns (each engine stores time its own way). */
    @FunctionalInterface
    public interface TimeColumn {
        @Nullable Instant read(ResultSet rs, String column) throws SQLException;
    }

    /**
     * A batch from a row with {@code id}, {@code parent_id}, {@code description}, {@code metadata} (a
     * JSON object), {@code created_at}, {@code finished_at} and the counts {@code total},
     * {@code completed}, {@code failed}, {@code cancelled} (the tally, or the live counts of an open
     * batch) and {@code tallied_at} (when a running batch's counts are a tally, see {@link BatchTallies}).
     * It is running until {@code finished_at} is set, then succeeded unless a unit failed or was
     * cancelled; a finished batch's counts are its final tally, whatever {@code tallied_at} holds.
     */
    public static BatchStatus status(ResultSet rs, TimeColumn time) throws SQLException {
        int total = rs.getInt("total");
        int completed = rs.getInt("completed");
        int failed = rs.getInt("failed");
        int cancelled = rs.getInt("cancelled");
        long parentId = rs.getLong("parent_id");
        Long parent = rs.wasNull() ? null : parentId;
        Instant finishedAt = time.read(rs, "finished_at");
        BatchState state = finishedAt == null ? BatchState.RUNNING
                : failed + cancelled == 0 ? BatchState.SUCCEEDED : BatchState.FAILED;
        return new BatchStatus(rs.getLong("id"), parent, rs.getString("description"),
                StoreJson.stringMap(rs.getString("metadata")), state, total, total - completed - failed - cancelled,
                completed, failed, cancelled, time.read(rs, "created_at"), finishedAt,
                finishedAt == null ? time.read(rs, "tallied_at") : null);
    }

    /**
     * Throws unless a batch can take jobs or a child: {@code finished} holds its {@code finished_at IS
     * NOT NULL} as read under the store's lock, or nothing when there is no such batch.
     *
     * @throws IllegalArgumentException when there is no such batch
     * @throws IllegalStateException    when it has finished ({@code refusal} says what it cannot take)
     */
    public static void checkOpen(long id, List<Boolean> finished, String refusal) {
        if (finished.isEmpty()) {
            throw new IllegalArgumentException("no batch " + id + " (it never existed, or was pruned)");
        }
        if (finished.get(0)) {
            throw new IllegalStateException("batch " + id + " has finished and " + refusal
                    + ": its callbacks have run; enqueue a new batch instead");
        }
    }
}
