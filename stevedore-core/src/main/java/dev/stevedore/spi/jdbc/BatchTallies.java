package dev.stevedore.spi.jdbc;

import dev.stevedore.BatchStatus;
import dev.stevedore.spi.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a running batch stops being counted at each read, the same way in every store. For store
 * authors.
 *
 * <p>A read of a running batch counts its units, one index entry each: for a batch of a million jobs
 * that is most of a second's work on every read of a dashboard page. A read that counts a batch of
 * {@link #LARGE_BATCH} units or more therefore keeps what it counted on the batch row, with the moment
 * in {@code tallied_at}; later reads use those counts, and the leader's batch sweep counts again the
 * tallies that have aged ({@link dev.stevedore.spi.Store#batchTallyRefresh}).
 */
public final class BatchTallies {
    /**
     * The number of units (jobs and child batches) from which a running batch keeps a tally instead of
     * being counted at each read: 100,000. Counting that many index entries takes tens of milliseconds;
     * below it a read counts, and its counts are exact.
     */
    public static final int LARGE_BATCH = 100_000;

    private static final Logger LOG = LoggerFactory.getLogger(BatchTallies.class);

    private BatchTallies() {}

    /** Writes a running batch's counts, as a read took them, as its tally. */
    @FunctionalInterface
    public interface Writer {
        /**
         * Returns when the tally was taken, or null when it was not kept (the batch finished or got a
         * tally meanwhile).
         */
        @Nullable Instant keep(BatchStatus counted);
    }

    /**
     * The batches as read, each large running one that the read counted now with the tally {@code
     * writer} kept of it. A store failure while writing is logged and the batch returned as counted:
     * the tally only spares later reads, and the next read of the batch tries again.
     */
    public static List<BatchStatus> keep(List<BatchStatus> read, Writer writer) {
        List<BatchStatus> out = new ArrayList<>(read.size());
        for (BatchStatus b : read) {
            out.add(counted(b) && b.total() >= LARGE_BATCH ? kept(b, writer) : b);
        }
        return out;
    }

    /** The parameters {@code id}, {@code total}, {@code completed}, {@code failed} and {@code cancelled} of a batch's counts. */
    public static Map<String, Object> counts(BatchStatus b) {
        return Map.of("id", b.id(), "total", b.total(), "completed", b.completed(), "failed", b.failed(),
                "cancelled", b.cancelled());
    }

    /**
     * Throws unless {@code olderThan} and {@code limit} are what {@link
     * dev.stevedore.spi.Store#batchTallyRefresh} takes.
     *
     * @throws IllegalArgumentException when {@code olderThan} is negative or {@code limit} is below 1
     */
    public static void checkRefresh(Duration olderThan, int limit) {
        if (olderThan.isNegative()) {
            throw new IllegalArgumentException("olderThan must be ≥ 0, was " + olderThan);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be ≥ 1, was " + limit);
        }
    }

    private static boolean counted(BatchStatus b) {
        return b.finishedAt() == null && b.talliedAt() == null;
    }

    private static BatchStatus kept(BatchStatus b, Writer writer) {
        Instant at;
        try {
            at = writer.keep(b);
        } catch (StoreException e) {
            LOG.warn("could not keep the tally of batch {} ({} units); reads count it until one is kept: {}",
                    b.id(), b.total(), e.getMessage());
            return b;
        }
        return at == null ? b : new BatchStatus(b.id(), b.parentId(), b.description(), b.metadata(), b.state(),
                b.total(), b.pending(), b.completed(), b.failed(), b.cancelled(), b.createdAt(), b.finishedAt(), at);
    }
}
