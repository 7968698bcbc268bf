package dev.stevedore.spi.jdbc;

import dev.stevedore.JobState;
import dev.stevedore.UpstreamFailure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A workflow edge whose upstream job has reached a final state (or was deleted), as a store reads it
 * before deleting it: what the waiting job does now. For store authors, so both engines decide alike.
 *
 * @param job           the waiting job
 * @param upstream      the job it waited for
 * @param onFailure     the edge's stored policy ({@link UpstreamFailure#dbName()})
 * @param upstreamState the upstream's stored state, or {@value #DELETED} when it no longer exists
 */
public record ConsumedEdge(long job, long upstream, String onFailure, String upstreamState) {
    /** The upstream state a store reports for an upstream job that no longer exists. */
    public static final String DELETED = "deleted";

    /**
     * Whether the waiting job is cancelled: its upstream did not complete (a deleted one cannot be
     * shown to have) and the edge's policy is {@link UpstreamFailure#CANCEL}.
     */
    public boolean cancelsWaitingJob() {
        return !JobState.COMPLETED.dbName().equals(upstreamState) && UpstreamFailure.CANCEL.dbName().equals(onFailure);
    }

    /** The cancellation reason recorded on the waiting job. */
    public String cancelReason() {
        return "upstream job " + upstream + (DELETED.equals(upstreamState) ? " was deleted" : " ended " + upstreamState);
    }

    /**
     * The waiting jobs {@code edges} cancel, each with the reason of the first edge that cancels it, in
     * the order the edges came.
     */
    public static Map<Long, String> cancellations(List<ConsumedEdge> edges) {
        Map<Long, String> reasons = new LinkedHashMap<>();
        for (ConsumedEdge edge : edges) {
            if (edge.cancelsWaitingJob()) {
                reasons.putIfAbsent(edge.job(), edge.cancelReason());
            }
        }
        return reasons;
    }
}
