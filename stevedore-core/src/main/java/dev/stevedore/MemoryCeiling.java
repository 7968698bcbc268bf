package dev.stevedore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's memory ceiling ({@link StevedoreBuilder#memoryCeiling}): when the process's resident memory
 * (the heap in use where the platform does not report it) stays above {@code bytes} for
 * {@link #BEATS} heartbeats in a row, the action runs, once, on its own thread. One beat over is no
 * reason: a collection is often about to bring the heap down.
 */
final class MemoryCeiling {
    static final int BEATS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(MemoryCeiling.class);

    private final long bytes;
    private final Runnable action;
    private int over;
    private boolean fired;

    MemoryCeiling(long bytes, Runnable action) {
        this.bytes = bytes;
        this.action = action;
    }

    /** Called once per heartbeat with the figures it reported; true when this call fired the action. */
    boolean check(long rss, long heapUsed, String nodeId) {
        long measured = rss >= 0 ? rss : heapUsed;
        if (fired || measured < 0) {
            return false;
        }
        over = measured > bytes ? over + 1 : 0;
        if (over < BEATS) {
            return false;
        }
        fired = true;
        LOG.warn("node {} has used {} MiB ({}) for {} heartbeats, above its ceiling of {} MiB: restarting it gracefully",
                nodeId, measured >> 20, rss >= 0 ? "resident" : "heap", BEATS, bytes >> 20);
        Thread.ofPlatform().name("stevedore-memory-ceiling").start(action);
        return true;
    }
}
