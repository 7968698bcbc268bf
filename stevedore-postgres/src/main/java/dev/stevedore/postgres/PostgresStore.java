package dev.stevedore.postgres;

import static dev.stevedore.postgres.Db.array;
import static dev.stevedore.postgres.Db.params;

import com.zaxxer.hikari.HikariDataSource;
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
import dev.stevedore.spi.CrashLimit;
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
import dev.stevedore.spi.jdbc.Migration;
import dev.stevedore.spi.jdbc.NamedQueries;
import dev.stevedore.spi.jdbc.ReusedCounts;
import java.util.HashMap;
import dev.stevedore.spi.jdbc.StepRecording;
import dev.stevedore.spi.jdbc.StoreJson;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL {@link Store}: the production engine, shared by every node of a deployment.
 *
 * <p>Claims use {@code FOR UPDATE SKIP LOCKED} on a partial index, completions are one statement per
 * batch, large enqueues stream through {@code COPY}, and wake-ups travel by {@code LISTEN/NOTIFY} on
 * the channel {@code stevedore_<schema>}. All tables live in one schema ({@code stevedore} unless
 * configured). The store does not migrate on construction: call {@link #migrateUp()} (safe to call
 * from many nodes at once) or run the CLI's {@code migrate up}.
 *
 * <pre>{@code
 * Store store = PostgresStore.of(dataSource);                    // schema "stevedore"
 * Store store = PostgresStore.builder().dataSource(ds).schema("jobs").build();
 * Store store = PostgresStore.connect("jdbc:postgresql://db/app"); // own pool, closed by close()
 * }</pre>
 */
public final class PostgresStore implements Store {
    /** The schema used unless configured. */
    public static final String DEFAULT_SCHEMA = "stevedore";
    /** SQLSTATE of a unique index violation. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final Db db;
    private final String channel;
    private final JobInserter inserter;
    private final QueueControl control;
    private final Batches batches;
    private final FlowControl flow;
    private final LimitedClaim limitedClaim;
    private final StatsTable stats;
    private final CronTables cron;
    private final FanOutTable fanOuts;
    private final FailureTables failures;
    private final AlertTable alerts;
    private final HealthTables health;
    private final Migrator migrator;
    private final PgNotifier notifier;
    private final InsertWaker waker;
    private final TableUpkeep upkeep;
    private final ReusedCounts counts;
    private final @Nullable HikariDataSource ownedPool;

    PostgresStore(DataSource dataSource, String schema, PgNotifier.@Nullable ConnectionSource listenSource,
                  @Nullable HikariDataSource ownedPool) {
        NamedQueries queries = NamedQueries.load(PostgresStore.class, "queries.sql", schema);
        this.db = new Db(dataSource, queries);
        this.channel = "stevedore_" + schema;
        this.notifier = new PgNotifier(listenSource, queries.get("listen").sql(), channel);
        this.waker = new InsertWaker(db, channel, notifier);
        this.upkeep = new TableUpkeep(db, schema);
        this.counts = new ReusedCounts(new QueueCounts(db, schema)::read);
        this.inserter = new JobInserter(db, channel, waker);
        this.control = new QueueControl(db, channel);
        this.failures = new FailureTables(db);
        this.alerts = new AlertTable(db);
        this.health = new HealthTables(db);
        this.batches = new Batches(db, channel, inserter);
        this.flow = new FlowControl(db);
        this.limitedClaim = new LimitedClaim(db, flow);
        this.stats = new StatsTable(db);
        this.cron = new CronTables(db, inserter);
        this.fanOuts = new FanOutTable(db, inserter);
        this.migrator = new Migrator(db, schema, Migration.loadAll(PostgresStore.class, "migrations", schema));
        this.ownedPool = ownedPool;
    }

    /** A store on {@code dataSource} in the schema {@value #DEFAULT_SCHEMA}. The caller owns the pool. */
    public static PostgresStore of(DataSource dataSource) {
        return builder().dataSource(dataSource).build();
    }

    /** A store with its own connection pool to {@code jdbcUrl}, closed by {@link #close()}. */
    public static PostgresStore connect(String jdbcUrl) {
        return builder().jdbcUrl(jdbcUrl).build();
    }

    /** A builder: set a data source or a JDBC URL, and optionally the schema. */
    public static PostgresStoreBuilder builder() {
        return new PostgresStoreBuilder();
    }

    // ---- jobs --------------------------------------------------------------------------------

    @Override
    public List<Long> jobInsertMany(List<NewJob> jobs) {
        JobValidation.check(jobs);
        NewJob.checkOrdinary(jobs);
        if (jobs.isEmpty()) {
            return List.of();
        }
        if (jobs.size() == 1) {
            long id = db.with("jobInsertMany", c -> inserter.insertOneAlone(c, jobs.get(0)));
            return List.of(id);
        }
        // A small batch is one statement, atomic in auto-commit; COPY takes several.
        return JobInserter.usesCopy(jobs.size())
                ? db.inTransaction("jobInsertMany", c -> inserter.insert(c, jobs))
                : db.with("jobInsertMany", c -> inserter.insert(c, jobs));
    }

    @Override
    public List<Long> jobInsertMany(Connection connection, List<NewJob> jobs) throws SQLException {
        JobValidation.check(jobs);
        NewJob.checkOrdinary(jobs);
        return inserter.insert(connection, jobs);
    }

    @Override
    public UniqueInsert jobInsertUnique(NewJob job) {
        JobValidation.check(List.of(job));
        return db.with("jobInsertUnique", c -> inserter.insertUniqueAlone(c, job));
    }

    @Override
    public UniqueInsert jobInsertUnique(Connection connection, NewJob job) throws SQLException {
        JobValidation.check(List.of(job));
        return inserter.insertUnique(connection, job);
    }

    @Override
    public List<Job> jobClaim(ClaimRequest request) {
        if (request.limits() != ClaimRequest.Limits.NONE) {
            return limitedClaim.claim(request);
        }
        List<Job> jobs = db.list("jobClaim", "job_claim",
                params("queue", request.queue(), "limit", request.limit(), "node", request.nodeId()), JobRows::job);
        return jobs.stream().sorted(JobRows.CLAIM_ORDER).toList();
    }

    @Override
    public Set<Long> jobCompleteMany(List<Completion> completions) {
        if (completions.isEmpty()) {
            return Set.of();
        }
        return db.with("jobCompleteMany", c -> new HashSet<>(db.list(c, "job_complete_many",
                CompletionBatch.params(c, completions, channel), rs -> rs.getLong("id"))));
    }

    @Override
    public int jobStage(int limit) {
        positive("limit", limit);
        return db.list("jobStage", "job_stage", params("limit", limit, "channel", channel), rs -> rs.getInt("staged"))
                .stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public List<Job> jobRescue(RescueRequest request) {
        positive("limit", request.limit());
        CrashLimit crashLimit = request.crashLimit();
        return db.with("jobRescue", c -> db.list(c, "job_rescue", params(
                "node_timeout_ms", request.nodeTimeout().toMillis(), "retry_in_ms", request.retryIn().toMillis(),
                "rescued_by", request.rescuedBy(), "limit", request.limit(),
                "own_unheld", request.scope() == RescueRequest.Scope.OWN_UNHELD,
                "held", array(c, "int8", request.held().toArray(Long[]::new)),
                "max_crashes", crashLimit == null ? 0 : crashLimit.crashes(),
                "crash_window_ms", crashLimit == null ? 0 : crashLimit.window().toMillis(),
                "crash_window", crashLimit == null ? "" : crashLimit.window().toString(),
                "not_after_ms", request.notAfter() == null ? -1L : request.notAfter().toEpochMilli()), JobRows::job));
    }

    @Override
    public int jobPrune(PruneRequest request) {
        positive("limit", request.limit());
        return db.update("jobPrune", "job_prune", params("completed_ms", request.completedRetention().toMillis(),
                "failed_ms", request.failedRetention().toMillis(), "limit", request.limit()));
    }

    @Override
    public Optional<Job> jobGet(long id) {
        return first(db.list("jobGet", "job_get", params("id", id), JobRows::job));
    }

    @Override
    public List<Job> jobList(JobFilter filter) {
        boolean oldest = filter.order() == JobFilter.Order.OLDEST_FIRST;
        String query = switch (filter.order()) {
            case NEXT_TO_RUN -> "job_list_next";
            case LATEST_FINISHED -> "job_list_finished";
            case NEWEST_FIRST, OLDEST_FIRST -> filter.jobs() == JobFilter.Only.QUARANTINED ? "job_list_quarantined"
                    : oldest ? "job_list_oldest" : "job_list";
        };
        JobCursor cursor = filter.cursor();
        return db.with("jobList", c -> db.list(c, query, params(
                "states", array(c, "text", filter.states().stream().map(JobState::dbName).toArray()),
                "queue", blankToNull(filter.queue()), "kind", blankToNull(filter.kind()), "tag", filter.tag(),
                "created_from", FailureTables.time(filter.createdFrom()), "created_to", FailureTables.time(filter.createdTo()),
                "search", filter.argsContains(), "before_id", filter.beforeId(), "after_id", filter.afterId(),
                "cursor_at", FailureTables.time(cursor == null ? null : cursor.time()),
                "cursor_id", cursor == null ? null : cursor.id(), "until", FailureTables.time(filter.until()),
                "oldest", oldest, "limit", filter.limit()), JobRows::job));
    }

    @Override
    public Optional<Instant> jobListReach(JobFilter filter, int rows) {
        String query = filter.reachOrder(rows) == JobFilter.Order.NEXT_TO_RUN ? "job_list_next_reach" : "job_list_finished_reach";
        JobCursor cursor = filter.cursor();
        return first(db.list("jobListReach", query, params("rows", rows,
                "cursor_at", FailureTables.time(cursor == null ? null : cursor.time()),
                "past_instant", cursor != null && cursor.pastAll(filter.order())), rs -> JobRows.instant(rs, "reach")));
    }

    @Override
    public Optional<Job> jobCancel(long id, String reason) {
        return db.with("jobCancel", c -> {
            List<Job> cancelled = db.list(c, "job_cancel", control.announced("id", id, "reason", reason), JobRows::job);
            return cancelled.isEmpty() ? first(db.list(c, "job_get", params("id", id), JobRows::job))
                    : Optional.of(cancelled.get(0));
        });
    }

    @Override
    public int jobProgressMany(List<ProgressReport> reports) {
        if (reports.isEmpty()) {
            return 0;
        }
        return db.with("jobProgressMany", c -> db.update(c, "job_progress_many", CompletionBatch.progressParams(c, reports)));
    }

    @Override
    public Optional<Job> jobRetry(long id) {
        return db.with("jobRetry", c -> {
            List<Job> retried;
            try {
                retried = db.list(c, "job_retry", params("id", id, "channel", channel), JobRows::job);
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw UniqueConflicts.retryRefused(id, db.list(c, "job_unique_holder", params("id", id),
                            rs -> rs.getLong("id") + " (" + rs.getString("state") + ")"));
                }
                throw e;
            }
            return retried.isEmpty() ? first(db.list(c, "job_get", params("id", id), JobRows::job))
                    : Optional.of(retried.get(0));
        });
    }

    @Override
    public Optional<Job> jobDiscard(long id, String by, String reason) {
        return db.with("jobDiscard", c -> {
            List<Job> discarded = db.list(c, "job_discard", params("id", id, "by", by, "reason", reason), JobRows::job);
            return discarded.isEmpty() ? first(db.list(c, "job_get", params("id", id), JobRows::job))
                    : Optional.of(discarded.get(0));
        });
    }

    @Override
    public boolean jobDelete(long id) {
        return db.update("jobDelete", "job_delete", params("id", id)) > 0;
    }

    // ---- time limits (start and job deadlines) ------------------------------------------------------

    @Override
    public List<Job> jobExpire(ExpireRequest request) {
        positive("limit", request.limit());
        return db.list("jobExpire", "job_expire",
                params("expired_by", request.expiredBy(), "limit", request.limit()), JobRows::job);
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

    // ---- statistics -----------------------------------------------------------------------------

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

    // ---- flow control: limits and circuit breakers ---------------------------------------------

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
        return flow.record(reports);
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
        return control.pause(queue);
    }

    @Override
    public boolean queueResume(String queue) {
        return control.resume(queue);
    }

    @Override
    public List<PausedQueue> queuePausedList() {
        return control.pausedList();
    }

    @Override
    public int queueClear(String queue, String reason) {
        return control.clear(queue, reason);
    }

    @Override
    public NodeControl nodeControl(String nodeId) {
        return control.read(nodeId);
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
        return db.list("queueReadyList", "queue_ready_list", Map.of(),
                rs -> new ReadyQueue(rs.getString("queue"), JobRows.instant(rs, "oldest_due_at")));
    }

    @Override
    public List<Job> jobRunningLongest(Duration runningFor, int limit) {
        positive("limit", limit);
        return db.list("jobRunningLongest", "job_running_longest", params("running_ms", runningFor.toMillis(),
                "limit", limit), JobRows::job);
    }


    @Override
    public void auditRecord(AuditAction action) {
        db.update("auditRecord", "audit_record", params("actor", action.actor(), "action", action.action(),
                "target", action.target(), "job_ids", StoreJson.longs(action.jobIds()), "outcome", action.outcome()));
    }

    @Override
    public List<AuditEntry> auditList(@Nullable Long beforeId, int limit) {
        return db.list("auditList", "audit_list", params("before_id", beforeId, "limit", AuditEntry.checkPage(limit)),
                rs -> AuditColumns.entry(rs, JobRows::instant));
    }

    @Override
    public void nodeHeartbeat(NodeBeat beat) {
        db.update("nodeHeartbeat", "node_heartbeat", params("node_id", beat.nodeId(), "host", beat.host(),
                "pid", beat.pid(), "queues", StoreJson.strings(beat.queues()),
                "running", beat.running(), "heap_used", beat.health().heapUsed(), "heap_max", beat.health().heapMax(),
                "rss", beat.health().rss(), "oldest_job_id", beat.health().oldestJobId(),
                "oldest_job_since", beat.health().oldestJobSince() == null ? null
                        : beat.health().oldestJobSince().atOffset(java.time.ZoneOffset.UTC),
                "queue_settings", StoreJson.queueSettings(beat.queueSettings())));
    }

    @Override
    public void nodeRemove(String nodeId) {
        db.update("nodeRemove", "node_remove", params("node_id", nodeId));
    }

    @Override
    public List<NodeInfo> nodeList() {
        return db.list("nodeList", "node_list", Map.of(), JobRows::node);
    }

    @Override
    public boolean leaderElect(String nodeId, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be > 0, was " + ttl);
        }
        return !db.list("leaderElect", "leader_elect", params("node_id", nodeId, "ttl_ms", ttl.toMillis()),
                rs -> rs.getString(1)).isEmpty();
    }

    @Override
    public void leaderResign(String nodeId) {
        db.update("leaderResign", "leader_resign", params("node_id", nodeId));
    }

    @Override
    public Optional<String> leaderGet() {
        return first(db.list("leaderGet", "leader_get", Map.of(), rs -> rs.getString(1)));
    }

    // ---- time, wake-ups, schema ----------------------------------------------------------------

    @Override
    public Instant now() {
        return db.list("now", "clock_now", Map.of(), rs -> JobRows.instant(rs, "clock_timestamp")).get(0);
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

    @Override
    public void close() {
        waker.close(); // first: it sends what is pending on the pool
        notifier.close();
        if (ownedPool != null) {
            ownedPool.close();
        }
    }

    @Override
    public String toString() {
        return "PostgresStore[" + channel.substring("stevedore_".length()) + "]";
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

    @Override
    public List<String> tableUpkeep() {
        return upkeep.run();
    }

    // ---- step checkpoints ---------------------------------------------------------------------

    @Override
    public Optional<String> stepResult(long jobId, String name) {
        return first(db.list("stepResult", "step_get", params("job_id", jobId, "name", name), rs -> rs.getString(1)));
    }

    @Override
    public String stepRun(long jobId, int attempt, String name, StepTransaction work) throws Exception {
        Map<String, Object> key = params("job_id", jobId, "attempt", attempt, "name", name);
        Connection connection;
        try {
            connection = db.dataSource().getConnection();
        } catch (SQLException e) {
            throw Db.failure("stepRun", e);
        }
        try (connection) {
            connection.setAutoCommit(false);
            try {
                String json = StepRecording.runAndRecord(connection, jobId, attempt, name, work, new StepRecording.Statements() {
                    @Override
                    public int insert(Connection c, String resultJson) throws SQLException {
                        Map<String, Object> row = new HashMap<>(key);
                        row.put("result", resultJson);
                        return db.update(c, "step_record", row);
                    }

                    @Override
                    public boolean recorded(Connection c) throws SQLException {
                        return !db.list(c, "step_get", key, rs -> true).isEmpty();
                    }
                });
                connection.commit();
                return json;
            } catch (Throwable e) {
                try {
                    connection.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }
}
