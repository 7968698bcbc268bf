package dev.stevedore.spi;

import dev.stevedore.PausedQueue;
import java.util.List;

/**
 * What operators have asked of one node, read in one round trip about once a second (and at once on a
 * {@linkplain Notifier#subscribeControl control notification}). SPI record.
 *
 * @param pausedQueues   every paused queue, cluster-wide
 * @param cancelRequests running jobs of the node that an operator asked to cancel
 */
public record NodeControl(List<PausedQueue> pausedQueues, List<CancelRequest> cancelRequests) {
    public NodeControl {
        pausedQueues = List.copyOf(pausedQueues);
        cancelRequests = List.copyOf(cancelRequests);
    }

    /**
     * A cancel asked for while the job runs. SPI record.
     *
     * @param jobId   the job
     * @param attempt the attempt running when the request was read: only that execution is interrupted
     */
    public record CancelRequest(long jobId, int attempt) {}
}
