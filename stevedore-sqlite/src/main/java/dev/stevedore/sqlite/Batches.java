package dev.stevedore.sqlite;

import static dev.stevedore.sqlite.Db.params;

import dev.stevedore.BatchStatus;
import dev.stevedore.Job;
import dev.stevedore.spi.BatchFilter;
import dev.stevedore.spi.BatchInserted;
import dev.stevedore.spi.Completion;
import dev.stevedore.spi.DeclaredCallback;
import dev.stevedore.spi.NewBatch;
import dev.stevedore.spi.NewJob;
import dev.stevedore.spi.PruneRequest;
import dev.stevedore.spi.jdbc.BatchColumns;
import dev.stevedore.spi.jdbc.BatchTallies;
import dev.stevedore.spi.jdbc.StoreJson;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The store's batch operations: inserting a batch with its jobs and edges, adding jobs to an open one,
 * completing batch jobs (and advancing in the same transaction), sweeping, reading (keeping the tallies
 * of large running batches) and pruning. Each
 * write is one {@code BEGIN IMMEDIATE} transaction; the queues that got available jobs are announced
 * after it commits.
 */
final class Batches {
    private final Db db;
    private final InstantSource clock;
    private final JobInserter inserter;
    private final JobTransitions transitions;
    private final LocalNotifier notifier;
    private final BatchAdvancer advancer;

    Batches(Db db, InstantSource clock, JobInserter inserter, JobTransitions transitions, LocalNotifier notifier) {
        this.db = db;
        this.clock = clock;
        this.inserter = inserter;
        this.transitions = transitions;
        this.notifier = notifier;
        this.advancer = new BatchAdvancer(db, inserter);
    }

    BatchInserted insert(NewBatch batch) {
        long now = clock.millis();
        List<Map<String, Object>> rows = JobInserter.rows(batch.jobs(), now);
        BatchInserted inserted = db.write("batchInsert", c -> {
            if (batch.parentId() != null) {
                checkOpen(c, batch.parentId(), "cannot take a child batch");
            }
            long id = db.list(c, "batch_insert", params("parent_id", batch.parentId(),
                    "description", batch.description(), "metadata", StoreJson.stringMap(batch.metadata()),
                    "callbacks", StoreJson.callbacks(batch.callbacks()), "now", now), rs -> rs.getLong("id")).get(0);
            List<Long> ids = inserter.insertInBatch(c, id, rows);
            insertDependencies(c, batch.dependencies(), ids);
            return new BatchInserted(id, ids);
        });
        notifier.publish(JobInserter.availableQueues(batch.jobs()));
        return inserted;
    }

    List<Long> addJobs(long batchId, List<NewJob> jobs) {
        NewJob.checkOrdinary(jobs);
        if (jobs.isEmpty()) {
            return List.of();
        }
        List<Map<String, Object>> rows = JobInserter.rows(jobs, clock.millis());
        List<Long> ids = db.write("batchJobInsertMany", c -> {
            checkOpen(c, batchId, "cannot take more jobs");
            return inserter.insertInBatch(c, batchId, rows);
        });
        notifier.publish(JobInserter.availableQueues(jobs));
        return ids;
    }

    Set<Long> complete(List<Completion> completions) {
        if (completions.isEmpty()) {
            return Set.of();
        }
        long now = clock.millis();
        Set<String> woken = new LinkedHashSet<>();
        JobTransitions.Applied applied = db.write("batchJobCompleteMany", c -> {
            JobTransitions.Applied done = transitions.complete(c, completions, now);
            advancer.afterFinal(c, done.ids(), now, woken);
            return done;
        });
        woken.addAll(applied.availableQueues());
        notifier.publish(woken);
        return applied.ids();
    }

    int advance(List<Long> jobIds) {
        return jobIds.isEmpty() ? 0 : advanceAndAnnounce("batchAdvance", (c, now, woken) ->
                advancer.afterFinal(c, jobIds, now, woken));
    }

    int sweep(int limit) {
        return advanceAndAnnounce("batchSweep", (c, now, woken) -> {
            List<Long> upstreams = db.list(c, "batch_sweep_edges", params("limit", limit), rs -> rs.getLong(1));
            int moved = upstreams.isEmpty() ? 0 : advancer.afterFinal(c, upstreams, now, woken);
            List<Long> ready = db.list(c, "batch_sweep_ready", params("limit", limit), rs -> rs.getLong(1));
            return moved + advancer.finish(c, ready, now, woken);
        });
    }

    /** Work that moves batches on, in one write; the queues it made jobs available in are told after the commit. */
    private interface Advance {
        int run(Connection c, long now, Set<String> woken) throws SQLException;
    }

    private int advanceAndAnnounce(String operation, Advance advance) {
        long now = clock.millis();
        Set<String> woken = new LinkedHashSet<>();
        int changed = db.write(operation, c -> advance.run(c, now, woken));
        notifier.publish(woken);
        return changed;
    }

    Optional<BatchStatus> get(long id) {
        return readCounted("batchGet", "batch_get", params("id", id)).stream().findFirst();
    }

    List<BatchStatus> list(BatchFilter filter) {
        return readCounted("batchList", "batch_list",
                params("parent_id", filter.parentId(), "before_id", filter.beforeId(), "limit", filter.limit()));
    }

    /**
     * Runs batch_get or batch_list and keeps the tallies of the large running batches it counted. The
     * read runs beside the store's connection ({@link Db#readAside}): counting a running batch reads
     * one index entry per unit, up to 100,000 of them before it keeps a tally, which on the store's
     * connection would hold up every claim and completion meanwhile.
     */
    private List<BatchStatus> readCounted(String operation, String query, Map<String, ?> params) {
        long countedAt = clock.millis();
        List<BatchStatus> rows = db.readAside(operation, c -> db.list(c, query, params,
                rs -> BatchColumns.status(rs, JobRows::instant)));
        return BatchTallies.keep(rows, b -> keepTally(BatchTallies.counts(b), countedAt));
    }

    /**
     * Counts the stale tallies again. Each batch is counted beside the store's connection (half a second
     * for 1.4 million units, which would otherwise stall every claim and completion) and its tally written
     * in a short write of its own.
     */
    int refreshTallies(Duration olderThan, int limit) {
        long before = clock.millis() - olderThan.toMillis();
        List<Long> stale = db.read("batchTallyRefresh", c -> db.list(c, "batch_tally_stale",
                params("before", before, "limit", limit), rs -> rs.getLong("id")));
        int refreshed = 0;
        for (long id : stale) {
            long countedAt = clock.millis();
            Map<String, Object> counts = db.readAside("batchTallyRefresh", c -> db.list(c, "batch_tally_count",
                    params("id", id), rs -> params("id", rs.getLong("id"), "total", rs.getInt("total"),
                            "completed", rs.getInt("completed"), "failed", rs.getInt("failed"),
                            "cancelled", rs.getInt("cancelled")))).get(0);
            refreshed += keepTally(counts, countedAt) == null ? 0 : 1;
        }
        return refreshed;
    }

    /** Writes counts taken at {@code countedAt} as a running batch's tally; null when they were not kept. */
    private @Nullable Instant keepTally(Map<String, Object> counts, long countedAt) {
        Map<String, Object> values = new HashMap<>(counts);
        values.put("counted_at", countedAt);
        List<Instant> kept = db.write("batchTallyKeep", c -> db.list(c, "batch_tally_keep", values,
                rs -> JobRows.instant(rs, "tallied_at")));
        return kept.isEmpty() ? null : kept.get(0);
    }

    List<Job> jobs(long batchId, @Nullable Long afterId, int limit) {
        return db.read("batchJobList", c -> db.list(c, "batch_job_list", params("batch_id", batchId, "after_id", afterId, "limit", limit), JobRows::job));
    }

    List<DeclaredCallback> callbacks(long batchId) {
        List<String> rows = db.read("batchCallbackList", c -> db.list(c, "batch_callback_list", params("id", batchId), rs -> rs.getString("callbacks")));
        return rows.isEmpty() ? List.of() : StoreJson.declaredCallbacks(rows.get(0));
    }

    int prune(PruneRequest request) {
        long before = clock.millis() - request.failedRetention().toMillis();
        return db.write("batchPrune", c -> db.update(c, "batch_prune",
                params("failed_before", before, "limit", request.limit())));
    }

    /** Batch {@code id} must exist and be open; under the write lock it stays so until the commit. */
    private void checkOpen(Connection c, long id, String refusal) throws SQLException {
        List<Boolean> finished = db.list(c, "batch_is_finished", params("id", id), rs -> rs.getBoolean("finished"));
        BatchColumns.checkOpen(id, finished, refusal);
    }

    private void insertDependencies(Connection c, List<NewBatch.Dependency> dependencies, List<Long> ids)
            throws SQLException {
        if (dependencies.isEmpty()) {
            return;
        }
        List<List<Object>> rows = new ArrayList<>(dependencies.size());
        for (NewBatch.Dependency d : dependencies) {
            rows.add(List.of(ids.get(d.job()), ids.get(d.upstream()), d.onFailure().dbName()));
        }
        db.update(c, "batch_dep_insert", params("rows", StoreJson.rows(rows)));
    }
}
