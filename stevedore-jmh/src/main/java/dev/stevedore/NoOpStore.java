package dev.stevedore;

import dev.stevedore.spi.BreakerReport;
import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.Completion;
import dev.stevedore.spi.ExpireRequest;
import dev.stevedore.spi.JobFilter;
import dev.stevedore.spi.MigrationStatus;
import dev.stevedore.spi.NewJob;
import dev.stevedore.spi.NodeBeat;
import dev.stevedore.spi.NodeControl;
import dev.stevedore.spi.NodeInfo;
import dev.stevedore.spi.Notifier;
import dev.stevedore.spi.ProgressReport;
import dev.stevedore.spi.PruneRequest;
import dev.stevedore.spi.QueueCount;
import dev.stevedore.spi.RescueRequest;
import dev.stevedore.spi.Store;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link Store} that stores nothing: {@link #jobCompleteMany} returns at once, reporting every
 * completion as applied. For benchmarks of the runtime's own JVM overhead only; it says nothing about
 * what a real store costs, and every other operation throws.
 *
 * <p>The answer is a set fixed at construction (the ids the benchmark will complete), so that building
 * it is not counted: a real store builds that set too, but that is the store's cost, not the caller's.
 */
final class NoOpStore implements Store {
    private final Set<Long> applied;

    NoOpStore(Set<Long> applied) {
        this.applied = Set.copyOf(applied);
    }

    @Override
    public Set<Long> jobCompleteMany(List<Completion> completions) {
        return applied;
    }

    @Override public List<Long> jobInsertMany(List<NewJob> jobs) { throw unsupported(); }
    @Override public List<Long> jobInsertMany(Connection connection, List<NewJob> jobs) { throw unsupported(); }
    @Override public dev.stevedore.spi.UniqueInsert jobInsertUnique(NewJob job) { throw unsupported(); }
    @Override public dev.stevedore.spi.UniqueInsert jobInsertUnique(Connection connection, NewJob job) { throw unsupported(); }
    @Override public void cronDeclare(String name, String expression, String zone, java.time.Instant lastTick) { throw unsupported(); }
    @Override public List<dev.stevedore.spi.CronRow> cronList() { throw unsupported(); }
    @Override public Optional<dev.stevedore.spi.UniqueInsert> cronFire(dev.stevedore.spi.CronFire fire) { throw unsupported(); }
    @Override public boolean cronUpdate(dev.stevedore.spi.CronUpdate update) { throw unsupported(); }
    @Override public boolean cronDisable(String name, String reason) { throw unsupported(); }
    @Override public boolean cronEnable(String name) { throw unsupported(); }
    @Override public boolean cronQueue(String name, java.time.Instant tick, java.time.Instant next) { throw unsupported(); }
    @Override public dev.stevedore.spi.UniqueInsert cronEnqueue(dev.stevedore.spi.CronEnqueue enqueue) { throw unsupported(); }
    @Override public List<dev.stevedore.spi.CronRun> cronRunList() { throw unsupported(); }
    @Override public dev.stevedore.spi.CronSettle.Result cronSettle(dev.stevedore.spi.CronSettle settle) { throw unsupported(); }
    @Override public dev.stevedore.spi.FanOutState fanOutStart(String name, String run) { throw unsupported(); }
    @Override public Optional<dev.stevedore.spi.FanOutState> fanOutPage(dev.stevedore.spi.FanOutPage page) { throw unsupported(); }
    @Override public List<Job> jobClaim(ClaimRequest request) { throw unsupported(); }
    @Override public int jobStage(int limit) { throw unsupported(); }
    @Override public List<Job> jobRescue(RescueRequest request) { throw unsupported(); }
    @Override public List<Job> jobExpire(ExpireRequest request) { throw unsupported(); }
    @Override public int jobPrune(PruneRequest request) { throw unsupported(); }
    @Override public Optional<Job> jobGet(long id) { throw unsupported(); }
    @Override public List<Job> jobList(JobFilter filter) { throw unsupported(); }
    @Override public java.util.Optional<java.time.Instant> jobListReach(JobFilter filter, int rows) { throw unsupported(); }
    @Override public Optional<Job> jobCancel(long id, String reason) { throw unsupported(); }
    @Override public int jobProgressMany(List<ProgressReport> reports) { throw unsupported(); }
    @Override public Optional<Job> jobRetry(long id) { throw unsupported(); }
    @Override public Optional<Job> jobDiscard(long id, String by, String reason) { throw unsupported(); }
    @Override public boolean jobDelete(long id) { throw unsupported(); }
    @Override public void auditRecord(dev.stevedore.spi.AuditAction action) { throw unsupported(); }
    @Override public List<dev.stevedore.spi.AuditEntry> auditList(Long beforeId, int limit) { throw unsupported(); }
    @Override public dev.stevedore.spi.BatchInserted batchInsert(dev.stevedore.spi.NewBatch batch) { throw unsupported(); }
    @Override public List<Long> batchJobInsertMany(long batchId, List<NewJob> jobs) { throw unsupported(); }
    @Override public Set<Long> batchJobCompleteMany(List<Completion> completions) { throw unsupported(); }
    @Override public int batchAdvance(List<Long> jobIds) { throw unsupported(); }
    @Override public int batchSweep(int limit) { throw unsupported(); }
    @Override public int batchTallyRefresh(java.time.Duration olderThan, int limit) { throw unsupported(); }
    @Override public Optional<BatchStatus> batchGet(long id) { throw unsupported(); }
    @Override public List<dev.stevedore.spi.FailureBucket> failureBuckets(List<String> issueIds, java.time.Instant since, java.time.Duration width) { throw unsupported(); }
    @Override public List<BatchStatus> batchList(dev.stevedore.spi.BatchFilter filter) { throw unsupported(); }
    @Override public List<dev.stevedore.Job> batchJobList(long batchId, Long afterId, int limit) { throw unsupported(); }
    @Override public List<dev.stevedore.spi.DeclaredCallback> batchCallbackList(long batchId) { throw unsupported(); }
    @Override public int batchPrune(PruneRequest request) { throw unsupported(); }
    @Override public List<QueueCount> queueCounts() { throw unsupported(); }
    @Override public boolean queuePause(String queue) { throw unsupported(); }
    @Override public List<dev.stevedore.spi.RateGrant> rateLease(List<dev.stevedore.spi.RateAsk> asks) { throw unsupported(); }
    @Override public void statsRecord(List<dev.stevedore.StatsBucket> buckets) { throw unsupported(); }
    @Override public List<dev.stevedore.StatsBucket> statsList(dev.stevedore.StatsQuery query) { throw unsupported(); }
    @Override public int statsRollUp(java.time.Instant minutesBefore, java.time.Instant hoursBefore) { throw unsupported(); }
    @Override public void limitBlock(List<String> keys, java.time.Instant until) { throw unsupported(); }
    @Override public List<dev.stevedore.BreakerChange> breakerRecord(List<BreakerReport> reports) { throw unsupported(); }
    @Override public boolean breakerProbe(String name, long jobId, int attempt) { throw unsupported(); }
    @Override public List<dev.stevedore.BreakerState> breakerList() { throw unsupported(); }
    @Override public List<dev.stevedore.IssueChange> failureRecord(List<dev.stevedore.spi.FailureRecord> failures) { return List.of(); }
    @Override public List<Issue> issueRegressedList(int limit) { return List.of(); }
    @Override public java.util.Optional<dev.stevedore.Alert> alertFire(dev.stevedore.spi.AlertFire fire) { return java.util.Optional.empty(); }
    @Override public java.util.Optional<dev.stevedore.Alert> alertResolve(String rule, String subject) { return java.util.Optional.empty(); }
    @Override public List<dev.stevedore.Alert> alertList(dev.stevedore.AlertQuery query) { return List.of(); }
    @Override public int alertPrune(java.time.Duration retention, int limit) { return 0; }
    @Override public List<dev.stevedore.spi.ReadyQueue> queueReadyList() { return List.of(); }
    @Override public List<Job> jobRunningLongest(java.time.Duration runningFor, int limit) { return List.of(); }
    @Override public List<Failure> failureList(FailureQuery query) { return List.of(); }
    @Override public int failurePrune(java.time.Duration retention, int limit) { return 0; }
    @Override public List<dev.stevedore.spi.FailureCount> failureCounts(String queue, Instant since) { return List.of(); }
    @Override public dev.stevedore.spi.QueueLoad queueLoad(dev.stevedore.spi.QueueLoad.Request request) { throw unsupported(); }
    @Override public void queueSampleRecord(List<dev.stevedore.spi.QueueSample> samples) { throw unsupported(); }
    @Override public List<dev.stevedore.spi.QueueSample> queueSampleList(String queue, Instant since) { throw unsupported(); }
    @Override public int queueSamplePrune(Instant before) { throw unsupported(); }
    @Override public List<Issue> issueList(IssueQuery query) { return List.of(); }
    @Override public java.util.Optional<Issue> issueGet(String id) { return java.util.Optional.empty(); }
    @Override public java.util.Optional<Issue> issueSetStatus(String id, IssueStatus status) { return java.util.Optional.empty(); }
    @Override public int flowSweep() { throw unsupported(); }
    @Override public boolean queueResume(String queue) { throw unsupported(); }
    @Override public List<PausedQueue> queuePausedList() { throw unsupported(); }
    @Override public int queueClear(String queue, String reason) { throw unsupported(); }
    @Override public NodeControl nodeControl(String nodeId) { throw unsupported(); }
    @Override public void nodeHeartbeat(NodeBeat beat) { throw unsupported(); }
    @Override public void nodeRemove(String nodeId) { throw unsupported(); }
    @Override public List<NodeInfo> nodeList() { throw unsupported(); }
    @Override public boolean leaderElect(String nodeId, Duration ttl) { throw unsupported(); }
    @Override public void leaderResign(String nodeId) { throw unsupported(); }
    @Override public Optional<String> leaderGet() { throw unsupported(); }
    @Override public Instant now() { throw unsupported(); }
    @Override public Optional<Notifier> notifier() { throw unsupported(); }
    @Override public int migrateUp() { throw unsupported(); }
    @Override public int migrateDown(int targetVersion) { throw unsupported(); }
    @Override public MigrationStatus migrationStatus() { throw unsupported(); }
    @Override public Optional<String> stepResult(long jobId, String name) { throw unsupported(); }
    @Override public String stepRun(long jobId, int attempt, String name, StepTransaction work) { throw unsupported(); }
    @Override public void close() {}

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("NoOpStore only completes jobs (it exists for benchmarks)");
    }
}
