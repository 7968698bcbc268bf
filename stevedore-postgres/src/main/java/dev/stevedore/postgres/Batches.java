package dev.stevedore.postgres;

import static dev.stevedore.postgres.Db.array;
import static dev.stevedore.postgres.Db.params;

import dev.stevedore.BatchStatus;
import dev.stevedore.Job;
import dev.stevedore.spi.BatchCallback;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The store's batch operations: inserting a batch with its jobs and edges, adding jobs to an open one,
 * completing batch jobs (and advancing in the same transaction), sweeping, reading (keeping the tallies
 * of large running batches) and pruning.
 */
final class Batches {
    private final Db db;
    private final String channel;
    private final JobInserter inserter;
    private final BatchAdvancer advancer;

    Batches(Db db, String channel, JobInserter inserter) {
        this.db = db;
        this.channel = channel;
        this.inserter = inserter;
        this.advancer = new BatchAdvancer(db, channel);
    }

    BatchInserted insert(NewBatch batch) {
        JobValidation.check(batch.jobs());
        JobValidation.check(batch.callbacks().stream().map(BatchCallback::job).toList());
        return db.inTransaction("batchInsert", c -> {
            if (batch.parentId() != null) {
                lockOpen(c, batch.parentId(), "cannot take a child batch");
            }
            long id = db.list(c, "batch_insert", params("parent_id", batch.parentId(),
                    "description", batch.description(), "metadata", StoreJson.stringMap(batch.metadata()),
                    "callbacks", StoreJson.callbacks(batch.callbacks())), rs -> rs.getLong("id")).get(0);
            List<Long> ids = inserter.insertInBatch(c, id, batch.jobs());
            insertDependencies(c, batch.dependencies(), ids);
            return new BatchInserted(id, ids);
        });
    }

    List<Long> addJobs(long batchId, List<NewJob> jobs) {
        JobValidation.check(jobs);
        NewJob.checkOrdinary(jobs);
        if (jobs.isEmpty()) {
            return List.of();
        }
        return db.inTransaction("batchJobInsertMany", c -> {
            lockOpen(c, batchId, "cannot take more jobs");
            return inserter.insertInBatch(c, batchId, jobs);
        });
    }

    Set<Long> complete(List<Completion> completions) {
        if (completions.isEmpty()) {
            return Set.of();
        }
        return db.inTransaction("batchJobCompleteMany", c -> {
            Set<Long> applied = new HashSet<>(db.list(c, "job_complete_many",
                    CompletionBatch.params(c, completions, channel), rs -> rs.getLong("id")));
            if (!applied.isEmpty()) {
                advancer.afterFinal(c, applied);
            }
            return applied;
        });
    }

    int advance(List<Long> jobIds) {
        return jobIds.isEmpty() ? 0 : db.inTransaction("batchAdvance", c -> advancer.afterFinal(c, jobIds));
    }

    int sweep(int limit) {
        return db.inTransaction("batchSweep", c -> {
            List<Long> upstreams = db.list(c, "batch_sweep_edges", params("limit", limit), rs -> rs.getLong(1));
            int changed = upstreams.isEmpty() ? 0 : advancer.afterFinal(c, upstreams);
            List<Long> ready = db.list(c, "batch_sweep_ready", params("limit", limit), rs -> rs.getLong(1));
            return changed + advancer.finish(c, ready);
        });
    }

    Optional<BatchStatus> get(long id) {
        List<BatchStatus> rows = read("batchGet", "batch_get", params("id", id));
        return BatchTallies.keep(rows, this::keepTally).stream().findFirst();
    }

    List<BatchStatus> list(BatchFilter filter) {
        return BatchTallies.keep(read("batchList", "batch_list", params("parent_id", filter.parentId(),
                "before_id", filter.beforeId(), "limit", filter.limit())), this::keepTally);
    }

    /** Runs batch_get or batch_list with JIT compilation off (batch_read_without_jit says why). */
    private List<BatchStatus> read(String operation, String query, Map<String, ?> params) {
        return db.inTransaction(operation, c -> {
            db.execute(c, "batch_read_without_jit", Map.of());
            return db.list(c, query, params, rs -> BatchColumns.status(rs, JobRows::instant));
        });
    }

    private @Nullable Instant keepTally(BatchStatus counted) {
        List<Instant> kept = db.list("batchTallyKeep", "batch_tally_keep", BatchTallies.counts(counted),
                rs -> JobRows.instant(rs, "tallied_at"));
        return kept.isEmpty() ? null : kept.get(0);
    }

    /** Counts the stale tallies again, each in a statement of its own so no row lock waits on a long count. */
    int refreshTallies(Duration olderThan, int limit) {
        List<Long> stale = db.list("batchTallyRefresh", "batch_tally_stale",
                params("older_ms", olderThan.toMillis(), "limit", limit), rs -> rs.getLong("id"));
        int refreshed = 0;
        for (long id : stale) {
            refreshed += db.update("batchTallyRefresh", "batch_tally_refresh", params("id", id));
        }
        return refreshed;
    }

    List<Job> jobs(long batchId, @Nullable Long afterId, int limit) {
        return db.list("batchJobList", "batch_job_list", params("batch_id", batchId, "after_id", afterId, "limit", limit), JobRows::job);
    }

    List<DeclaredCallback> callbacks(long batchId) {
        List<String> rows = db.list("batchCallbackList", "batch_callback_list", params("id", batchId), rs -> rs.getString("callbacks"));
        return rows.isEmpty() ? List.of() : StoreJson.declaredCallbacks(rows.get(0));
    }

    int prune(PruneRequest request) {
        return db.update("batchPrune", "batch_prune",
                params("failed_ms", request.failedRetention().toMillis(), "limit", request.limit()));
    }

    /** Locks batch {@code id} for the rest of the transaction; it must exist and be open. */
    private void lockOpen(Connection c, long id, String refusal) throws SQLException {
        List<Boolean> finished = db.list(c, "batch_lock", params("id", id), rs -> rs.getBoolean("finished"));
        BatchColumns.checkOpen(id, finished, refusal);
    }

    private void insertDependencies(Connection c, List<NewBatch.Dependency> dependencies, List<Long> ids)
            throws SQLException {
        if (dependencies.isEmpty()) {
            return;
        }
        List<Long> jobs = new ArrayList<>(dependencies.size());
        List<Long> upstreams = new ArrayList<>(dependencies.size());
        List<String> policies = new ArrayList<>(dependencies.size());
        for (NewBatch.Dependency d : dependencies) {
            jobs.add(ids.get(d.job()));
            upstreams.add(ids.get(d.upstream()));
            policies.add(d.onFailure().dbName());
        }
        db.update(c, "batch_dep_insert", params("job_ids", array(c, "int8", jobs.toArray()),
                "upstream_ids", array(c, "int8", upstreams.toArray()), "on_failure", array(c, "text", policies.toArray())));
    }
}
