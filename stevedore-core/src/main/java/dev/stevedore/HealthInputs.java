package dev.stevedore;

import dev.stevedore.spi.FailureCount;
import dev.stevedore.spi.QueueSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Everything a queue's health is judged from, read by {@link HealthReader} and scored by the pure
 * {@link HealthScorer}, so the scoring is tested without a database.
 *
 * @param queue         the queue
 * @param now           the store's clock when the figures were read
 * @param latencyTarget the queue's latency target
 * @param completed     attempts that completed in the failure window (statistics roll-ups)
 * @param failed        attempts that failed in the failure window (statistics roll-ups)
 * @param failureCounts the window's failure records of the queue by category, most first
 * @param ready         jobs {@code available} now
 * @param running       jobs {@code running} now
 * @param oldestReadyAt when the longest-waiting ready job became due (available, or due and not staged
 *                      yet), or null
 * @param samples       the leader's samples of the trend window, oldest first
 * @param overdue       running jobs past their timeout on a live node
 * @param orphaned      running jobs on a node that is gone
 * @param breakers      breakers covering the queue's jobs, as stored
 * @param liveNodes     nodes serving the queue whose heartbeat is recent
 * @param slots         the live nodes' concurrency for the queue together; 0 when they did not say
 * @param pausedAt      when the queue was paused, or null when it is not
 */
record HealthInputs(String queue, Instant now, Duration latencyTarget, long completed, long failed,
                    List<FailureCount> failureCounts, long ready, long running, @Nullable Instant oldestReadyAt,
                    List<QueueSample> samples, long overdue, long orphaned, List<BreakerState> breakers, int liveNodes,
                    int slots, @Nullable Instant pausedAt) {
    HealthInputs {
        failureCounts = List.copyOf(failureCounts);
        samples = List.copyOf(samples);
        breakers = List.copyOf(breakers);
    }

    /** How long the oldest ready job has waited; zero when none waits. */
    Duration oldestWait() {
        if (oldestReadyAt == null || oldestReadyAt.isAfter(now)) {
            return Duration.ZERO;
        }
        return Duration.between(oldestReadyAt, now);
    }

    /** Whether any job waits to run: one is available, or one is due and not made available yet. */
    boolean waiting() {
        return ready > 0 || oldestReadyAt != null;
    }

    /** What waits, in words: {@code "12 jobs are ready"}, or that due jobs wait to be made ready. */
    String waitingWords() {
        return ready > 0 ? HealthScorer.jobs(ready) + " ready" : "due jobs wait to be made ready";
    }

    /** Whether every slot of the live nodes is busy (false when the slots are unknown). */
    boolean slotsFull() {
        return slots > 0 && running >= slots;
    }
}
