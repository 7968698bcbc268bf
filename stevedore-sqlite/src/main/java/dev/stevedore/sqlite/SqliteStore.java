package dev.stevedore.sqlite;

import static dev.stevedore.sqlite.Db.params;

import dev.stevedore.Alert;
import dev.stevedore.AlertQuery;
import dev.stevedore.BatchStatus;
import dev.stevedore.BreakerChange;
import dev.stevedore.BreakerState;
import dev.stevedore.Failure;
import dev.stevedore.FailureQuery;
import dev.stevedore.Issue;
import dev.stevedore.IssueChange;
import dev.stevedore.IssueQuery;
import dev.stevedore.IssueStatus;
import dev.stevedore.Job;
import dev.stevedore.StatsBucket;
import dev.stevedore.StatsQuery;
import dev.stevedore.spi.FailureRecord;
import dev.stevedore.spi.AlertFire;
import dev.stevedore.spi.ReadyQueue;
import dev.stevedore.spi.BreakerReport;
import dev.stevedore.JobState;
import dev.stevedore.PausedQueue;
import dev.stevedore.spi.BatchInserted;
import dev.stevedore.spi.AuditAction;
import dev.stevedore.spi.AuditEntry;
import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.jdbc.AuditColumns;
import dev.stevedore.spi.jdbc.BatchTallies;
import dev.stevedore.spi.Completion;
import dev.stevedore.spi.ExpireRequest;
import dev.stevedore.spi.JobCursor;
import dev.stevedore.spi.JobFilter;
import dev.stevedore.spi.MigrationStatus;
import dev.stevedore.spi.NewBatch;
import dev.stevedore.spi.NewJob;
import dev.stevedore.spi.CronFire;
import dev.stevedore.spi.CronEnqueue;
import dev.stevedore.spi.CronRow;
import dev.stevedore.spi.CronRun;
import dev.stevedore.spi.CronSettle;
import dev.stevedore.spi.CronUpdate;
import dev.stevedore.spi.FanOutPage;
import dev.stevedore.spi.FanOutState;
import dev.stevedore.spi.UniqueInsert;
import dev.stevedore.spi.jdbc.UniqueConflicts;
import dev.stevedore.spi.NodeBeat;
import dev.stevedore.spi.NodeControl;
import dev.stevedore.spi.NodeInfo;
import dev.stevedore.spi.Notifier;
import dev.stevedore.spi.ProgressReport;
import dev.stevedore.spi.PruneRequest;
import dev.stevedore.spi.QueueCount;
import dev.stevedore.spi.QueueLoad;
import dev.stevedore.spi.QueueSample;
import dev.stevedore.spi.FailureCount;
import dev.stevedore.spi.RateAsk;
import dev.stevedore.spi.RateGrant;
import dev.stevedore.spi.RescueRequest;
import dev.stevedore.spi.Store;
import java.util.HashMap;
import dev.stevedore.spi.jdbc.StepRecording;
import dev.stevedore.spi.StoreException;
import dev.stevedore.spi.jdbc.Migration;
import dev.stevedore.spi.jdbc.NamedQueries;
import dev.stevedore.spi.jdbc.ReusedCounts;
import dev.stevedore.spi.jdbc.StoreJson;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The SQLite {@link Store}: one file in WAL mode, the embedded engine for a single node, demos and
 * tests that need no server.
 *
 * <p>The embedded store migrates itself: {@link #file(Path)} and {@link SqliteStoreBuilder#build()}
 * create the file if needed and apply pending migrations before returning ({@link #migrateUp()} stays
 * available and is idempotent).
 *
 * <p>Concurrency: the store keeps one connection behind a lock and runs every write as one
 * {@code BEGIN IMMEDIATE} transaction, so it is safe from any number of threads, and several processes
 * (a worker and a CLI {@code enqueue}, say) can share the file: a writer waits up to the busy timeout
 * (default 5 s) for another process's transaction, then fails with a {@link StoreException}; a write is
 * never reported done unless it committed. Times are INTEGER epoch milliseconds from the injected
 * clock ({@link InstantSource#system()} unless configured).
 *
 * <p>Wake-ups: {@link #notifier()} is in-process only. It tells subscribers when this store instance
 * makes jobs available (inserts, staging, hand-backs, operator retries), once per queue per operation,
 * after the commit. Jobs made available by other processes, or inserted through a caller's own
 * connection, are picked up by polling.
 *
 * <pre>{@code
 * Store store = SqliteStore.file("jobs.db");
 * Store store = SqliteStore.builder().file(path).busyTimeout(Duration.ofSeconds(10)).build();
 * }</pre>
 */
public final class SqliteStore implements Store {
    /** How long a write waits for another process's transaction unless configured: 5 seconds. */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);

    static final NamedQueries QUERIES = NamedQueries.load(SqliteStore.class, "queries.sql", Migrator.SCHEMA);
    private static final List<Migration> MIGRATIONS = Migration.loadAll(SqliteStore.class, "migrations", Migrator.SCHEMA);
    /** Prune deletes at most this many rows per transaction, letting other writers in between. */
    private static final int PRUNE_CHUNK = 1_000;

    private final InstantSource clock;
    private final FlowControl flow;
    private final LimitedClaim limitedClaim;
    private final StatsTable stats;
    private final Db db;
    private final Migrator migrator;
    private final JobInserter inserter;
    private final JobTransitions transitions;
    private final QueueControl control;
    private final CronTables cron;
    private final FanOutTable fanOuts;
    private final FailureTables failures;
    private final AlertTable alerts;
    private final HealthTables health;
    private final ReusedCounts counts;
    private final LocalNotifier notifier = new LocalNotifier();
    private final Batches batches;

    SqliteStore(Path file, InstantSource clock, Duration busyTimeout) {
        this.clock = clock;
        this.db = Db.open(file, busyTimeout, QUERIES);
        this.failures = new FailureTables(db, clock);
        this.alerts = new AlertTable(db, clock);
        this.health = new HealthTables(db, clock);
        this.counts = new ReusedCounts(new QueueCounts(db)::read);
        this.flow = new FlowControl(db, clock);
        this.limitedClaim = new LimitedClaim(db, flow, clock);
        this.stats = new StatsTable(db);
        this.migrator = new Migrator(db, clock, MIGRATIONS);
        this.inserter = new JobInserter(db);
        this.transitions = new JobTransitions(db);
        this.control = new QueueControl(db);
        this.batches = new Batches(db, clock, inserter, transitions, notifier);
        this.cron = new CronTables(db, inserter, clock, notifier);
        this.fanOuts = new FanOutTable(db, inserter, clock, notifier);
        try {
            migrator.up();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** A migrated store on {@code file} (created if missing) with the system clock and default timeout. */
    public static SqliteStore file(Path file) {
        return builder().file(file).build();
    }

    /** A migrated store on the file at {@code path}; see {@link #file(Path)}. */
    public static SqliteStore file(String path) {
        return builder().file(path).build();
    }

    /** A builder: set the file, and optionally the clock and busy timeout. */
    public static SqliteStoreBuilder builder() {
        return new SqliteStoreBuilder();
    }

    // ---- jobs --------------------------------------------------------------------------------

    @Override
    public List<Long> jobInsertMany(List<NewJob> jobs) {
        NewJob.checkOrdinary(jobs);
        if (jobs.isEmpty()) {
            return List.of();
        }
        List<Map<String, Object>> rows = JobInserter.rows(jobs, clock.millis());
        List<Long> ids = db.write("jobInsertMany", c -> inserter.insert(c, rows));
        notifier.publish(JobInserter.availableQueues(jobs));
        return ids;
    }

    @Override
    public List<Long> jobInsertMany(Connection connection, List<NewJob> jobs) throws SQLException {
        // The caller's connection and transaction: no lock of ours, no commit, and no wake-up, since
        // this store cannot see whether the caller commits. Polling finds the jobs once it does.
        NewJob.checkOrdinary(jobs);
        return jobs.isEmpty() ? List.of() : inserter.insert(connection, JobInserter.rows(jobs, clock.millis()));
    }

    @Override
    public UniqueInsert jobInsertUnique(NewJob job) {
        Map<String, Object> row = uniqueRow(job);
        UniqueInsert result = db.write("jobInsertUnique", c -> inserter.insertUnique(c, job, row));
        if (result.inserted() && result.state() == JobState.AVAILABLE) {
            notifier.publish(List.of(job.queue()));
        }
        return result;
    }

    @Override
    public UniqueInsert jobInsertUnique(Connection connection, NewJob job) throws SQLException {
        return inserter.insertUnique(connection, job, uniqueRow(job));
    }

    private Map<String, Object> uniqueRow(NewJob job) {
        return JobInserter.uniqueRow(job, clock.millis());
    }

    @Override
    public List<Job> jobClaim(ClaimRequest request) {
        if (request.limits() != ClaimRequest.Limits.NONE) {
            return limitedClaim.claim(request);
        }
        List<Job> jobs = db.write("jobClaim", c -> db.list(c, "job_claim", params("queue", request.queue(),
                "limit", request.limit(), "node", request.nodeId(), "now", clock.millis()), JobRows::job));
        return jobs.stream().sorted(JobRows.CLAIM_ORDER).toList();
    }

    @Override
    public Set<Long> jobCompleteMany(List<Completion> completions) {
        if (completions.isEmpty()) {
            return Set.of();
        }
        JobTransitions.Applied applied = db.write("jobCompleteMany",
                c -> transitions.complete(c, completions, clock.millis()));
        notifier.publish(applied.availableQueues());
        return applied.ids();
    }

    @Override
    public int jobStage(int limit) {
        positive("limit", limit);
        List<String> queues = db.write("jobStage",
                c -> db.list(c, "job_stage", params("limit", limit, "now", clock.millis()), rs -> rs.getString(1)));
        notifier.publish(new LinkedHashSet<>(queues));
        return queues.size();
    }

    @Override
    public List<Job> jobRescue(RescueRequest request) {
        positive("limit", request.limit());
        return db.write("jobRescue", c -> transitions.rescue(c, request, clock.millis()));
    }

    @Override
    public int jobPrune(PruneRequest request) {
        positive("limit", request.limit());
        long now = clock.millis();
        Map<String, Object> cutoffs = params("completed_before", now - request.completedRetention().toMillis(),
                "failed_before", now - request.failedRetention().toMillis());
        int total = 0;
        while (total < request.limit()) {
            int chunk = Math.min(PRUNE_CHUNK, request.limit() - total);
            Map<String, Object> p = params("limit", chunk);
            p.putAll(cutoffs);
            int deleted = db.write("jobPrune", c -> db.update(c, "job_prune", p));
            total += deleted;
            if (deleted < chunk) {
                break;
            }
        }
        return total;
    }

    @Override
    public Optional<Job> jobGet(long id) {
        return first(db.read("jobGet", c -> db.list(c, "job_get", params("id", id), JobRows::job)));
    }

    @Override
    public List<Job> jobList(JobFilter filter) {
        String states = StoreJson.strings(filter.states().stream().map(JobState::dbName).sorted().toList());
        boolean oldest = filter.order() == JobFilter.Order.OLDEST_FIRST;
        String query = switch (filter.order()) {
            case NEXT_TO_RUN -> "job_list_next";
            case LATEST_FINISHED -> "job_list_finished";
            case NEWEST_FIRST, OLDEST_FIRST -> filter.jobs() == JobFilter.Only.QUARANTINED ? "job_list_quarantined"
                    : oldest ? "job_list_oldest" : "job_list";
        };
        JobCursor cursor = filter.cursor();
        return db.read("jobList", c -> db.list(c, query, params("states", states,
                "queue", blankToNull(filter.queue()), "kind", blankToNull(filter.kind()), "tag", filter.tag(),
                "created_from", CronTables.millis(filter.createdFrom()), "created_to", CronTables.millis(filter.createdTo()),
                "search", filter.argsContains(), "before_id", filter.beforeId(), "after_id", filter.afterId(),
                "cursor_at", cursor == null ? null : cursor.time().toEpochMilli(), "cursor_id", cursor == null ? null : cursor.id(),
                "until", CronTables.millis(filter.until()), "oldest", oldest ? 1 : 0, "limit", filter.limit()), JobRows::job));
    }

    @Override
    public Optional<Instant> jobListReach(JobFilter filter, int rows) {
        String query = filter.reachOrder(rows) == JobFilter.Order.NEXT_TO_RUN ? "job_list_next_reach" : "job_list_finished_reach";
        JobCursor cursor = filter.cursor();
        return first(db.read("jobListReach", c -> db.list(c, query, params("rows", rows,
                "cursor_at", cursor == null ? null : cursor.time().toEpochMilli(),
                "past_instant", cursor != null && cursor.pastAll(filter.order()) ? 1 : 0), rs -> JobRows.instant(rs, "reach"))));
    }

    @Override
    public Optional<Job> jobCancel(long id, String reason) {
        Optional<Job> job = db.write("jobCancel",
                c -> changedOrCurrent(c, "job_cancel", params("id", id, "reason", reason, "now", clock.millis())));
        job.filter(Job::cancelPending).ifPresent(j -> notifier.publishControl());
        return job;
    }

    @Override
    public int jobProgressMany(List<ProgressReport> reports) {
        return reports.isEmpty() ? 0 : db.write("jobProgressMany", c -> transitions.progress(c, reports));
    }

    @Override
    public Optional<Job> jobRetry(long id) {
        Optional<Job> job = db.write("jobRetry", c -> {
            // Under the write lock, a holder found now is still the holder when the update runs.
            List<String> holders = db.list(c, "job_unique_holder", params("id", id),
                    rs -> rs.getLong("id") + " (" + rs.getString("state") + ")");
            if (!holders.isEmpty()) {
                throw UniqueConflicts.retryRefused(id, holders);
            }
            return changedOrCurrent(c, "job_retry", params("id", id, "now", clock.millis(),
                    "awaiting_upstream", Job.AWAITING_UPSTREAM.toEpochMilli()));
        });
        job.filter(j -> j.state() == JobState.AVAILABLE).ifPresent(j -> notifier.publish(List.of(j.queue())));
        return job;
    }

    @Override
    public Optional<Job> jobDiscard(long id, String by, String reason) {
        return db.write("jobDiscard", c -> changedOrCurrent(c, "job_discard", params("id", id, "by", by,
                "reason", reason, "now", clock.millis(), "awaiting_upstream", Job.AWAITING_UPSTREAM.toEpochMilli())));
    }

    @Override
    public boolean jobDelete(long id) {
        return db.write("jobDelete", c -> db.update(c, "job_delete", params("id", id))) > 0;
    }

    // ---- time limits (start and job deadlines) ------------------------------------------------------

    @Override
    public List<Job> jobExpire(ExpireRequest request) {
        positive("limit", request.limit());
        return db.write("jobExpire", c -> db.list(c, "job_expire", params("expired_by", request.expiredBy(),
                "limit", request.limit(), "now", clock.millis()), JobRows::job));
    }

    // ---- cron ---------------------------------------------------------------------------------------

    @Override
    public void cronDeclare(String name, String expression, String zone, Instant lastTick) {
        cron.declare(name, expression, zone, lastTick);
    }

    @Override
    public List<CronRow> cronList() {
        return cron.list();
    }

    @Override
    public Optional<UniqueInsert> cronFire(CronFire fire) {
        return cron.fire(fire);
    }

    // ---- cron control, fan-outs --------------------------------------------------------------------

    @Override
    public boolean cronUpdate(CronUpdate update) {
        return cron.update(update);
    }

    @Override
    public boolean cronDisable(String name, String reason) {
        return cron.disable(name, reason);
    }

    @Override
    public boolean cronEnable(String name) {
        return cron.enable(name);
    }

    @Override
    public boolean cronQueue(String name, Instant tick, @Nullable Instant next) {
        return cron.queue(name, tick, next);
    }

    @Override
    public UniqueInsert cronEnqueue(CronEnqueue enqueue) {
        return cron.enqueue(enqueue);
    }

    @Override
    public List<CronRun> cronRunList() {
        return cron.runList();
    }

    @Override
    public CronSettle.Result cronSettle(CronSettle settle) {
        return cron.settle(settle);
    }

    @Override
    public FanOutState fanOutStart(String name, String run) {
        return fanOuts.start(name, run);
    }

    @Override
    public Optional<FanOutState> fanOutPage(FanOutPage page) {
        return fanOuts.page(page);
    }

    // ---- batches and workflows ------------------------------------------------------------------

    @Override
    public BatchInserted batchInsert(NewBatch batch) {
        return batches.insert(batch);
    }

    @Override
    public List<Long> batchJobInsertMany(long batchId, List<NewJob> jobs) {
        return batches.addJobs(batchId, jobs);
    }

    @Override
    public Set<Long> batchJobCompleteMany(List<Completion> completions) {
        return batches.complete(completions);
    }

    @Override
    public int batchAdvance(List<Long> jobIds) {
        return batches.advance(jobIds);
    }

    @Override
    public int batchSweep(int limit) {
        positive("limit", limit);
        return batches.sweep(limit);
    }

    @Override
    public int batchTallyRefresh(Duration olderThan, int limit) {
        BatchTallies.checkRefresh(olderThan, limit);
        return batches.refreshTallies(olderThan, limit);
    }

    @Override
    public Optional<BatchStatus> batchGet(long id) {
        return batches.get(id);
    }

    @Override
    public List<BatchStatus> batchList(dev.stevedore.spi.BatchFilter filter) {
        return batches.list(filter);
    }

    @Override
    public List<Job> batchJobList(long batchId, @Nullable Long afterId, int limit) {
        if (limit < 1 || limit > 500) {
            throw new IllegalArgumentException("limit must be in [1, 500], was " + limit);
        }
        return batches.jobs(batchId, afterId, limit);
    }

    @Override
    public List<dev.stevedore.spi.DeclaredCallback> batchCallbackList(long batchId) {
        return batches.callbacks(batchId);
    }

    @Override
    public int batchPrune(PruneRequest request) {
        positive("limit", request.limit());
        return batches.prune(request);
    }

    // ---- flow control: limits and circuit breakers ---------------------------------------------

    @Override
    public void statsRecord(List<StatsBucket> buckets) {
        if (!buckets.isEmpty()) {
            stats.record(buckets);
        }
    }

    @Override
    public List<StatsBucket> statsList(StatsQuery query) {
        return stats.list(query);
    }

    @Override
    public int statsRollUp(Instant minutesBefore, Instant hoursBefore) {
        return stats.rollUp(minutesBefore, hoursBefore);
    }

    @Override
    public List<RateGrant> rateLease(List<RateAsk> asks) {
        return asks.isEmpty() ? List.of() : flow.lease(asks);
    }

    @Override
    public void limitBlock(List<String> keys, Instant until) {
        if (!keys.isEmpty()) {
            flow.block(keys, until);
        }
    }

    @Override
    public List<BreakerChange> breakerRecord(List<BreakerReport> reports) {
        return reports.isEmpty() ? List.of() : flow.record(reports);
    }

    @Override
    public boolean breakerProbe(String name, long jobId, int attempt) {
        return flow.probe(name, jobId, attempt);
    }

    @Override
    public List<BreakerState> breakerList() {
        return flow.list();
    }

    @Override
    public int flowSweep() {
        return flow.sweep();
    }

    // ---- queues, nodes, leadership ----------------------------------------------------------------

    @Override
    public List<QueueCount> queueCounts() {
        return counts.get();
    }

    @Override
    public QueueLoad queueLoad(QueueLoad.Request request) {
        return health.load(request);
    }

    @Override
    public void queueSampleRecord(List<QueueSample> samples) {
        health.recordSamples(samples);
    }

    @Override
    public List<QueueSample> queueSampleList(@Nullable String queue, Instant since) {
        return health.samples(queue, since);
    }

    @Override
    public int queueSamplePrune(Instant before) {
        return health.pruneSamples(before);
    }

    @Override
    public List<FailureCount> failureCounts(String queue, Instant since) {
        return health.failureCounts(queue, since);
    }

    @Override
    public List<dev.stevedore.spi.FailureBucket> failureBuckets(List<String> issueIds, Instant since, Duration width) {
        dev.stevedore.spi.FailureBucket.checkRequest(issueIds, width);
        return issueIds.isEmpty() ? List.of() : health.failureBuckets(issueIds, since, width);
    }

    @Override
    public boolean queuePause(String queue) {
        boolean paused = db.write("queuePause", c -> control.pause(c, queue, clock.millis()));
        if (paused) {
            notifier.publishControl();
        }
        return paused;
    }

    @Override
    public boolean queueResume(String queue) {
        boolean resumed = db.write("queueResume", c -> control.resume(c, queue, clock.millis()));
        if (resumed) {
            notifier.publishControl();
        }
        return resumed;
    }

    @Override
    public List<PausedQueue> queuePausedList() {
        return db.read("queuePausedList", control::pausedList);
    }

    @Override
    public int queueClear(String queue, String reason) {
        return db.write("queueClear", c -> control.clear(c, queue, reason, clock.millis()));
    }

    @Override
    public NodeControl nodeControl(String nodeId) {
        return db.read("nodeControl", c -> control.read(c, nodeId));
    }

    @Override
    public List<IssueChange> failureRecord(List<FailureRecord> records) {
        return failures.record(records);
    }

    @Override
    public List<Failure> failureList(FailureQuery query) {
        return failures.list(query);
    }

    @Override
    public int failurePrune(Duration retention, int limit) {
        positive("limit", limit);
        return failures.prune(retention, limit);
    }

    @Override
    public List<Issue> issueList(IssueQuery query) {
        return failures.issues(query);
    }

    @Override
    public Optional<Issue> issueGet(String id) {
        return failures.issue(id);
    }

    @Override
    public Optional<Issue> issueSetStatus(String id, IssueStatus status) {
        return failures.setStatus(id, status);
    }

    @Override
    public List<Issue> issueRegressedList(int limit) {
        positive("limit", limit);
        return failures.regressed(limit);
    }

    @Override
    public Optional<Alert> alertFire(AlertFire fire) {
        return alerts.fire(fire);
    }

    @Override
    public Optional<Alert> alertResolve(String rule, String subject) {
        return alerts.resolve(rule, subject);
    }

    @Override
    public List<Alert> alertList(AlertQuery query) {
        return alerts.list(query);
    }

    @Override
    public int alertPrune(Duration retention, int limit) {
        positive("limit", limit);
        return alerts.prune(retention, limit);
    }

    @Override
    public List<ReadyQueue> queueReadyList() {
        return db.read("queueReadyList", c -> db.list(c, "queue_ready_list", Map.of(),
                rs -> new ReadyQueue(rs.getString("queue"), JobRows.instant(rs, "oldest_due_at"))));
    }

    @Override
    public List<Job> jobRunningLongest(Duration runningFor, int limit) {
        positive("limit", limit);
        return db.read("jobRunningLongest", c -> db.list(c, "job_running_longest", params("now", clock.millis(),
                "running_ms", runningFor.toMillis(), "limit", limit), JobRows::job));
    }

    @Override
    public void auditRecord(AuditAction action) {
        db.write("auditRecord", c -> db.update(c, "audit_record", params("now", clock.millis(), "actor", action.actor(),
                "action", action.action(), "target", action.target(), "job_ids", StoreJson.longs(action.jobIds()),
                "outcome", action.outcome())));
    }

    @Override
    public List<AuditEntry> auditList(@Nullable Long beforeId, int limit) {
        int page = AuditEntry.checkPage(limit);
        return db.read("auditList", c -> db.list(c, "audit_list", params("before_id", beforeId, "limit", page),
                rs -> AuditColumns.entry(rs, JobRows::instant)));
    }

    @Override
    public void nodeHeartbeat(NodeBeat beat) {
        db.write("nodeHeartbeat", c -> db.update(c, "node_heartbeat", params("node_id", beat.nodeId(),
                "host", beat.host(), "pid", beat.pid(), "queues", StoreJson.strings(beat.queues()),
                "running", beat.running(), "now", clock.millis(), "heap_used", beat.health().heapUsed(),
                "heap_max", beat.health().heapMax(), "rss", beat.health().rss(), "oldest_job_id", beat.health().oldestJobId(),
                "oldest_job_since", beat.health().oldestJobSince() == null ? null
                        : beat.health().oldestJobSince().toEpochMilli(),
                "queue_settings", StoreJson.queueSettings(beat.queueSettings()))));
    }

    @Override
    public void nodeRemove(String nodeId) {
        db.write("nodeRemove", c -> db.update(c, "node_remove", params("node_id", nodeId)));
    }

    @Override
    public List<NodeInfo> nodeList() {
        return db.read("nodeList", c -> db.list(c, "node_list", Map.of(), JobRows::node));
    }

    @Override
    public boolean leaderElect(String nodeId, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be > 0, was " + ttl);
        }
        return db.write("leaderElect", c -> !db.list(c, "leader_elect", params("node_id", nodeId,
                "ttl_ms", ttl.toMillis(), "now", clock.millis()), rs -> rs.getString(1)).isEmpty());
    }

    @Override
    public void leaderResign(String nodeId) {
        db.write("leaderResign", c -> db.update(c, "leader_resign", params("node_id", nodeId)));
    }

    @Override
    public Optional<String> leaderGet() {
        return first(db.read("leaderGet",
                c -> db.list(c, "leader_get", params("now", clock.millis()), rs -> rs.getString(1))));
    }

    // ---- time, wake-ups, schema ----------------------------------------------------------------

    /** The injected clock, at the millisecond precision the store keeps times in. */
    @Override
    public Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }

    @Override
    public Optional<Notifier> notifier() {
        return Optional.of(notifier);
    }

    @Override
    public int migrateUp() {
        return migrator.up();
    }

    @Override
    public int migrateDown(int targetVersion) {
        return migrator.down(targetVersion);
    }

    @Override
    public MigrationStatus migrationStatus() {
        return migrator.status();
    }

    /** Closes the connection; idempotent. Later calls fail with a {@link StoreException}. */
    @Override
    public void close() {
        db.close();
    }

    @Override
    public String toString() {
        return "SqliteStore[" + db.file() + "]";
    }

    /** The row an UPDATE ... RETURNING changed, or the row as it is when the update did not apply. */
    private Optional<Job> changedOrCurrent(Connection c, String query, Map<String, ?> params) throws SQLException {
        List<Job> changed = db.list(c, query, params, JobRows::job);
        return changed.isEmpty() ? first(db.list(c, "job_get", params, JobRows::job)) : Optional.of(changed.get(0));
    }

    private static <T> Optional<T> first(List<T> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be ≥ 1, was " + value);
        }
    }

    // ---- step checkpoints ---------------------------------------------------------------------

    @Override
    public Optional<String> stepResult(long jobId, String name) {
        return first(db.read("stepResult", c -> db.list(c, "step_get", params("job_id", jobId, "name", name),
                rs -> rs.getString(1))));
    }

    @Override
    public String stepRun(long jobId, int attempt, String name, StepTransaction work) throws Exception {
        Map<String, Object> key = params("job_id", jobId, "attempt", attempt, "name", name);
        return db.writeAny("stepRun", connection -> StepRecording.runAndRecord(connection, jobId, attempt, name, work,
                new StepRecording.Statements() {
                    @Override
                    public int insert(Connection c, String resultJson) throws SQLException {
                        Map<String, Object> row = new HashMap<>(key);
                        row.put("result", resultJson);
                        row.put("now", clock.millis());
                        return db.update(c, "step_record", row);
                    }

                    @Override
                    public boolean recorded(Connection c) throws SQLException {
                        return !db.list(c, "step_get", key, rs -> true).isEmpty();
                    }
                }));
    }
}
