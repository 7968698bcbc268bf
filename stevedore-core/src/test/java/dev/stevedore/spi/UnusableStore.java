package dev.stevedore.spi;

import dev.stevedore.Job;
import dev.stevedore.PausedQueue;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A store for builder tests that never touch storage: every call fails loudly. Not a mock of a real
 * store; real behaviour is tested against SQLite and PostgreSQL in their modules. A unit test may
 * override the one method its subject calls.
 */
public class UnusableStore implements Store {
    private static StoreException unusable() {
        return new StoreException("this test must not reach the store");
    }

    @Override public List<dev.stevedore.IssueChange> failureRecord(List<dev.stevedore.spi.FailureRecord> failures) { throw unusable(); }
    @Override public List<dev.stevedore.Issue> issueRegressedList(int limit) { throw unusable(); }
    @Override public Optional<dev.stevedore.Alert> alertFire(AlertFire fire) { throw unusable(); }
    @Override public Optional<dev.stevedore.Alert> alertResolve(String rule, String subject) { throw unusable(); }
    @Override public List<dev.stevedore.Alert> alertList(dev.stevedore.AlertQuery query) { throw unusable(); }
    @Override public int alertPrune(java.time.Duration retention, int limit) { throw unusable(); }
    @Override public List<ReadyQueue> queueReadyList() { throw unusable(); }
    @Override public List<Job> jobRunningLongest(java.time.Duration runningFor, int limit) { throw unusable(); }

    @Override public List<dev.stevedore.Failure> failureList(dev.stevedore.FailureQuery query) { throw unusable(); }
    @Override public int failurePrune(java.time.Duration retention, int limit) { throw unusable(); }
    @Override public List<FailureCount> failureCounts(String queue, java.time.Instant since) { throw unusable(); }
    @Override public QueueLoad queueLoad(QueueLoad.Request request) { throw unusable(); }
    @Override public void queueSampleRecord(List<QueueSample> samples) { throw unusable(); }
    @Override public List<QueueSample> queueSampleList(String queue, java.time.Instant since) { throw unusable(); }
    @Override public int queueSamplePrune(java.time.Instant before) { throw unusable(); }
    @Override public List<dev.stevedore.Issue> issueList(dev.stevedore.IssueQuery query) { throw unusable(); }
    @Override public java.util.Optional<dev.stevedore.Issue> issueGet(String id) { throw unusable(); }
    @Override public java.util.Optional<dev.stevedore.Issue> issueSetStatus(String id, dev.stevedore.IssueStatus status) { throw unusable(); }
    @Override public List<Long> jobInsertMany(List<NewJob> jobs) { throw unusable(); }
    @Override public Optional<Job> jobDiscard(long id, String by, String reason) { throw unusable(); }
    @Override public boolean jobDelete(long id) { throw unusable(); }
    @Override public void auditRecord(AuditAction action) { throw unusable(); }
    @Override public List<AuditEntry> auditList(Long beforeId, int limit) { throw unusable(); }
    @Override public List<Long> jobInsertMany(Connection connection, List<NewJob> jobs) { throw unusable(); }
    @Override public UniqueInsert jobInsertUnique(NewJob job) { throw unusable(); }
    @Override public UniqueInsert jobInsertUnique(Connection connection, NewJob job) { throw unusable(); }
    @Override public void cronDeclare(String name, String expression, String zone, java.time.Instant lastTick) { throw unusable(); }
    @Override public List<CronRow> cronList() { throw unusable(); }
    @Override public List<dev.stevedore.spi.RateGrant> rateLease(List<dev.stevedore.spi.RateAsk> asks) { throw unusable(); }
    @Override public void statsRecord(List<dev.stevedore.StatsBucket> buckets) { throw unusable(); }
    @Override public List<dev.stevedore.StatsBucket> statsList(dev.stevedore.StatsQuery query) { throw unusable(); }
    @Override public int statsRollUp(java.time.Instant minutesBefore, java.time.Instant hoursBefore) { throw unusable(); }
    @Override public void limitBlock(List<String> keys, java.time.Instant until) { throw unusable(); }
    @Override public List<dev.stevedore.BreakerChange> breakerRecord(List<BreakerReport> reports) { throw unusable(); }
    @Override public boolean breakerProbe(String name, long jobId, int attempt) { throw unusable(); }
    @Override public List<dev.stevedore.BreakerState> breakerList() { throw unusable(); }
    @Override public int flowSweep() { throw unusable(); }
    @Override public Optional<UniqueInsert> cronFire(CronFire fire) { throw unusable(); }
    @Override public boolean cronUpdate(CronUpdate update) { throw unusable(); }
    @Override public boolean cronDisable(String name, String reason) { throw unusable(); }
    @Override public boolean cronEnable(String name) { throw unusable(); }
    @Override public boolean cronQueue(String name, java.time.Instant tick, java.time.Instant next) { throw unusable(); }
    @Override public UniqueInsert cronEnqueue(CronEnqueue enqueue) { throw unusable(); }
    @Override public List<CronRun> cronRunList() { throw unusable(); }
    @Override public CronSettle.Result cronSettle(CronSettle settle) { throw unusable(); }
    @Override public FanOutState fanOutStart(String name, String run) { throw unusable(); }
    @Override public Optional<FanOutState> fanOutPage(FanOutPage page) { throw unusable(); }
    @Override public List<Job> jobClaim(ClaimRequest request) { throw unusable(); }
    @Override public Set<Long> jobCompleteMany(List<Completion> completions) { throw unusable(); }
    @Override public int jobStage(int limit) { throw unusable(); }
    @Override public List<Job> jobRescue(RescueRequest request) { throw unusable(); }
    @Override public int jobPrune(PruneRequest request) { throw unusable(); }
    @Override public Optional<Job> jobGet(long id) { throw unusable(); }
    @Override public List<Job> jobList(JobFilter filter) { throw unusable(); }
    @Override public java.util.Optional<java.time.Instant> jobListReach(JobFilter filter, int rows) { throw unusable(); }
    @Override public Optional<Job> jobCancel(long id, String reason) { throw unusable(); }
    @Override public int jobProgressMany(List<ProgressReport> reports) { throw unusable(); }
    @Override public Optional<Job> jobRetry(long id) { throw unusable(); }
    @Override public List<Job> jobExpire(ExpireRequest request) { throw unusable(); }
    @Override public BatchInserted batchInsert(NewBatch batch) { throw unusable(); }
    @Override public List<Long> batchJobInsertMany(long batchId, List<NewJob> jobs) { throw unusable(); }
    @Override public Set<Long> batchJobCompleteMany(List<Completion> completions) { throw unusable(); }
    @Override public int batchAdvance(List<Long> jobIds) { throw unusable(); }
    @Override public int batchSweep(int limit) { throw unusable(); }
    @Override public int batchTallyRefresh(java.time.Duration olderThan, int limit) { throw unusable(); }
    @Override public Optional<dev.stevedore.BatchStatus> batchGet(long id) { throw unusable(); }
    @Override public List<dev.stevedore.spi.FailureBucket> failureBuckets(List<String> issueIds, java.time.Instant since, java.time.Duration width) { throw unusable(); }
    @Override public List<dev.stevedore.BatchStatus> batchList(dev.stevedore.spi.BatchFilter filter) { throw unusable(); }
    @Override public List<dev.stevedore.Job> batchJobList(long batchId, Long afterId, int limit) { throw unusable(); }
    @Override public List<dev.stevedore.spi.DeclaredCallback> batchCallbackList(long batchId) { throw unusable(); }
    @Override public int batchPrune(PruneRequest request) { throw unusable(); }
    @Override public List<QueueCount> queueCounts() { throw unusable(); }
    @Override public boolean queuePause(String queue) { throw unusable(); }
    @Override public boolean queueResume(String queue) { throw unusable(); }
    @Override public List<PausedQueue> queuePausedList() { throw unusable(); }
    @Override public int queueClear(String queue, String reason) { throw unusable(); }
    @Override public NodeControl nodeControl(String nodeId) { throw unusable(); }
    @Override public void nodeHeartbeat(NodeBeat beat) { throw unusable(); }
    @Override public void nodeRemove(String nodeId) { throw unusable(); }
    @Override public List<NodeInfo> nodeList() { throw unusable(); }
    @Override public boolean leaderElect(String nodeId, Duration ttl) { throw unusable(); }
    @Override public void leaderResign(String nodeId) { throw unusable(); }
    @Override public Optional<String> leaderGet() { throw unusable(); }
    @Override public Instant now() { throw unusable(); }
    @Override public Optional<Notifier> notifier() { return Optional.empty(); }
    @Override public int migrateUp() { throw unusable(); }
    @Override public int migrateDown(int targetVersion) { throw unusable(); }
    @Override public MigrationStatus migrationStatus() { throw unusable(); }
    @Override public Optional<String> stepResult(long jobId, String name) { throw unusable(); }
    @Override public String stepRun(long jobId, int attempt, String name, StepTransaction work) { throw unusable(); }
    @Override public void close() {}
}
