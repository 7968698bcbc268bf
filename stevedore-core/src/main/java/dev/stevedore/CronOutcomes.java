package dev.stevedore;

import dev.stevedore.spi.CronRun;
import dev.stevedore.spi.CronSettle;
import dev.stevedore.spi.Store;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader only, part of each cron check: counts the outcomes of finished runs into each schedule's
 * failure streak, which disables a schedule declared with {@link CronOptions#pauseAfterFailures}.
 *
 * <p>Runs are counted in the order they were enqueued (job id), each once: the store forgets a run in
 * the transaction that counts it. A schedule this node does not declare is counted without a pause
 * threshold; the leader that declares it applies its own.
 */
final class CronOutcomes {
    private static final Logger LOG = LoggerFactory.getLogger(CronOutcomes.class);

    private final Store store;
    private final Map<String, CronEntry> entries;

    CronOutcomes(Store store, Map<String, CronEntry> entries) {
        this.store = store;
        this.entries = entries;
    }

    /** Counts every finished run among {@code runs}. */
    void count(List<CronRun> runs) {
        for (CronRun run : runs) {
            if (!run.settled()) {
                continue;
            }
            CronEntry entry = entries.get(run.name());
            int threshold = entry == null ? 0 : entry.options().pauseAfterFailures;
            String reason = "paused after " + threshold + " consecutive discarded runs (the latest: job " + run.jobId() + ")";
            if (store.cronSettle(new CronSettle(run, threshold, reason)) == CronSettle.Result.PAUSED) {
                LOG.warn("cron {}: {}; enable it again with stevedore.cron().enable(\"{}\")", run.name(), reason,
                        run.name());
            }
        }
    }
}
