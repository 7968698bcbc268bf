package dev.stevedore.spi;

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
import dev.stevedore.PausedQueue;
import dev.stevedore.StatsBucket;
import dev.stevedore.StatsQuery;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The storage contract every engine implements: one method per database operation.
 *
 * <p><b>This is an SPI, not user API.</b> Applications pass a store to the builder and never call it.
 * A new engine is "implement this interface and pass {@code StoreContract} from the
 * {@code stevedore-store-tck} module". The runtime above never writes SQL and never asks which engine
 * it has.
 *
 * <p>Rules every implementation follows:
 * <ul>
 *   <li>Time is the store's clock ({@link #now()}): PostgreSQL's {@code now()}, or the injected clock
 *       for an embedded store, so that all nodes agree.</li>
 *   <li>Every transition out of {@code running} is fenced by {@code (id, attempt)} and the job still
 *       being {@code running}; a stale completion is silently not applied.</li>
 *   <li>Methods are safe to call from many threads and many processes at once.</li>
 *   <li>Failures surface as {@link StoreException}; nothing is swallowed.</li>
 * </ul>
 */
public interface Store extends AutoCloseable {

    // ---- jobs -------------------------------------------------------------------------------

    /**
     * Inserts jobs in one transaction of the store's own and returns their ids in input order. Jobs
     * whose state is {@code available} wake listeners of their queue once per queue, not per row.
     */
    List<Long> jobInsertMany(List<NewJob> jobs);

    /**
     * Inserts jobs through the caller's connection, inside the caller's transaction: the jobs exist if
     * and only if the caller commits. Does not commit, roll back or close {@code connection}.
     */
    List<Long> jobInsertMany(Connection connection, List<NewJob> jobs) throws SQLException;

    /**
     * Inserts one job that has a {@link NewJob#unique() unique key}, unless a job holding the same
     * stored key is in one of the key's states; then inserts nothing and returns that job. Enforced by
     * a unique index, so it holds under concurrent inserts from any number of nodes. Wakes listeners
     * like {@link #jobInsertMany(List)} when a new available job was inserted. Own transaction.
     *
     * @throws IllegalArgumentException if the job has no unique key
     */
    UniqueInsert jobInsertUnique(NewJob job);

    /**
     * {@link #jobInsertUnique(NewJob)} inside the caller's transaction on {@code connection}, which
     * the store neither commits nor closes. On PostgreSQL a concurrent transaction inserting the same
     * key makes this wait until that transaction ends.
     */
    UniqueInsert jobInsertUnique(Connection connection, NewJob job) throws SQLException;

    /**
     * Claims up to {@code request.limit()} available jobs of one queue for one node, highest priority
     * first, then oldest scheduled, then lowest id: each becomes {@code running} with {@code attempt}
     * incremented, {@code attempted_at = now}, {@code attempted_by = node} and no progress (the new
     * attempt has reported none yet). Concurrent claims by other nodes never return the same job (SKIP
     * LOCKED or an equivalent). Returns nothing while the queue is {@linkplain #queuePause paused}: the
     * statement itself checks, so a node that has not heard of the pause still claims nothing. Returned
     * in claim order.
     *
     * <p>With {@link ClaimRequest#limits()}, the claim also admits its jobs under their concurrency
     * limits, cluster-wide, in the same transaction: it takes the batch's keys' locks in
     * {@link Admissions#keys} order (so no other claim decides for them at the same time, and two claims
     * never deadlock), then counts per key the running jobs outside the batch whose stored keys
     * ({@link NewJob#limitKeys()}) hold it (only other nodes' jobs when the request's limits count the
     * node's own, {@link ClaimRequest.Limits#heldHere}), reads the keys' blocks and first-in-first-out
     * lines, and decides through {@link ClaimAdmission} on the store's clock, abandoning its decision if
     * the transaction fails. A job whose stored keys differ from what
     * the request computes gets the computed ones stored. Jobs refused are put back before the commit,
     * so no other node ever sees them running: {@code scheduled} at the time worth trying again, their
     * attempt not used (as a {@link Completion.AttemptUse#REFUNDED} completion leaves it). They are
     * returned too, in that state; the admitted ones are returned {@code running}. A running job holds its
     * keys until it leaves {@code running} by any path (completion, rescue, cancel, hand-back), with
     * nothing to release.
     */
    List<Job> jobClaim(ClaimRequest request);

    /**
     * Applies outcomes of executions in one round trip where the engine allows it. Each applies only
     * if the job is still {@code running} with the same attempt; returns the ids that were applied.
     */
    Set<Long> jobCompleteMany(List<Completion> completions);

    /** Moves {@code scheduled} and {@code retryable} jobs whose time has come to {@code available}. */
    int jobStage(int limit);

    /**
     * Rescues {@code running} jobs whose node has not heartbeated within {@code request.nodeTimeout()}
     * (or has no node row): each becomes {@code retryable} (due after {@code request.retryIn()}) with
     * an {@link dev.stevedore.AttemptError} naming the lost node appended, or {@code discarded} when
     * its attempt was its last, or {@code cancelled} when a cancel was requested for it. A request with
     * a {@link RescueRequest#crashLimit() crash limit} counts a crash on each job in the same statement
     * (its crash times, pruned to the limit's window): a job that reaches the limit becomes {@code held}
     * with its {@linkplain dev.stevedore.Job#quarantinedAt() quarantine time} set, any other is
     * {@code retryable} with its attempt given back, never {@code discarded}. Returns the rescued jobs in
     * their new state.
     */
    List<Job> jobRescue(RescueRequest request);

    /**
     * Deletes finished jobs older than the retention in the request, except jobs of a batch that has not
     * finished (its tally and its waiting steps still need them); returns how many.
     */
    int jobPrune(PruneRequest request);

    /** One job, if it exists. */
    Optional<Job> jobGet(long id);

    /**
     * Jobs matching the filter in its order, at most {@code filter.limit()}, keyset-paged: by id along
     * the primary key, or by time along the index of the time order's states, ties by id.
     */
    List<Job> jobList(JobFilter filter);

    /**
     * How far a page of a time order reaches when it examines about {@code rows} jobs: the time of the
     * {@code rows}-th job of the order's states counted from the instant of {@code filter.cursor()} on
     * (that whole instant, ties before the cursor included: the time alone, which the index answers
     * without visiting rows; from just past it when the cursor is {@linkplain JobCursor#pastAll past all}
     * of it, so that a page going on from there always moves on), or from the start of the order
     * without a cursor, or empty when fewer remain. The filter's other criteria, and its narrower states, do not count. A page bounded there
     * ({@link JobFilter#until}) reads at most those jobs and the rest of the last one's instant, however
     * rarely its filter matches: the time orders' equivalent of a window of ids.
     *
     * @throws IllegalArgumentException when the filter's order is not a time order, or {@code rows < 1}
     */
    Optional<Instant> jobListReach(JobFilter filter, int rows);

    /**
     * Cancels a job. One that is not running and not final becomes {@code cancelled}; one that is
     * running keeps running with a cancel request recorded ({@code cancel_requested_at}, read by its
     * node through {@link #nodeControl}, and announced through {@link Notifier#subscribeControl} where
     * the engine can); a final one is left alone. Both record {@code reason} in the job's
     * {@link Job#cancellation()}. Returns the job as it is afterwards, or empty when it does not exist.
     */
    Optional<Job> jobCancel(long id, String reason);

    /**
     * Writes the latest progress of running executions, fenced by {@code (id, attempt)} and the job
     * still running (a report that arrives after the job moved on changes nothing). Returns how many
     * applied.
     */
    int jobProgressMany(List<ProgressReport> reports);

    /**
     * Makes a {@code held}, {@code discarded}, {@code cancelled}, {@code scheduled} or {@code retryable}
     * job available now, granting one more attempt if its attempts are used up and forgetting any
     * {@linkplain Job#cancellation() cancellation} and any {@linkplain Job#startBy() start} or
     * {@linkplain Job#deadline() job deadline} that has passed. A workflow step still waiting for its
     * upstream jobs ({@link Job#awaitingUpstream()}) is left alone. Returns it in its new state, or as
     * it is when it is running, completed or such a step, or empty when it does not exist.
     */
    Optional<Job> jobRetry(long id);

    /**
     * An operator gives up on a waiting job: a {@code scheduled}, {@code available}, {@code retryable} or
     * {@code held} job becomes {@code discarded} ({@code finished_at = now}, error category
     * {@code permanent}) with an {@link dev.stevedore.AttemptError} appended (attempt = the job's, node =
     * {@code by}, error class {@code dev.stevedore.OperatorDiscard}, message {@code reason}, category
     * {@code PERMANENT}, duration zero). A workflow step waiting for its upstream jobs is left alone, as
     * are running and final jobs. Returns the job as it is afterwards, or empty when it does not exist.
     */
    Optional<Job> jobDiscard(long id, String by, String reason);

    /**
     * Deletes a finished job ({@code completed}, {@code discarded} or {@code cancelled}) now, as the
     * pruner would later; a job of a batch that has not finished stays (its tally reads it), as do
     * waiting and running jobs. Returns whether a job was deleted.
     */
    boolean jobDelete(long id);

    // ---- time limits (start and job deadlines) ----------------------------------------------

    /**
     * Discards waiting jobs whose deadline passed by the store's clock, in one transaction: jobs never
     * started ({@code attempt = 0}, {@code scheduled} or {@code available}) whose {@link Job#startBy()}
     * has passed, and {@code scheduled}, {@code available} or {@code retryable} jobs whose
     * {@link Job#deadline()} has passed. Each becomes {@code discarded} with {@code finished_at = now},
     * error category {@code timeout} and an appended {@link dev.stevedore.AttemptError} (attempt = the
     * job's, node = {@code request.expiredBy()}, category {@code TIMEOUT}, duration zero) whose
     * {@code errorClass} is {@code dev.stevedore.StartDeadline} when the job never started and its
     * start deadline passed, else {@code dev.stevedore.JobDeadline}, and whose message names the limit
     * and its value. Running and held jobs are left alone. At most {@code request.limit()} jobs of each kind;
     * jobs another transaction has locked are skipped. Returns the discarded jobs in their new state.
     */
    List<Job> jobExpire(ExpireRequest request);

    // ---- queues ---------------------------------------------------------------------------

    /**
     * Job counts per queue and state, for every queue that has jobs. Unfinished states (scheduled,
     * available, running, retryable, held) are exact and cost what those jobs number, not what the
     * table holds; a store may estimate a backlog of more than 100,000 (marked so). The finished states
     * of a large table may be estimates too: counting millions of finished rows on every dashboard view
     * or metrics scrape would cost seconds each time. Counts of {@link
     * dev.stevedore.spi.jdbc.ReusedCounts#LARGE} jobs or more may be up to a second old ({@link
     * dev.stevedore.spi.jdbc.ReusedCounts}).
     */
    List<QueueCount> queueCounts();

    /**
     * Pauses a queue for every node: from the commit on, {@link #jobClaim} returns nothing for it.
     * Pausing a paused queue keeps its original pause time. Announced like {@link #jobCancel}. Returns
     * whether this call paused it: false when it was paused already, so that of two concurrent pauses
     * exactly one returns true.
     */
    boolean queuePause(String queue);

    /** Lets claims of a paused queue proceed again; returns whether it was paused. Announced like a pause. */
    boolean queueResume(String queue);

    /** Every paused queue, by name. */
    List<PausedQueue> queuePausedList();

    /**
     * Cancels every job of the queue that is not running yet ({@code scheduled}, {@code available},
     * {@code retryable}, {@code held}), recording {@code reason}; deletes nothing. Returns how many.
     */
    int queueClear(String queue, String reason);

    // ---- queue health ---------------------------------------------------------------------------

    /**
     * What a queue's jobs say about it now, through indexes only (never a count of all its rows): when
     * its longest-waiting ready job became due (the oldest of its priorities' oldest {@code available}
     * jobs, each found at the head of the claim index's range for that priority, and of its due
     * {@code scheduled} or {@code retryable} jobs not made available yet), and how many of its
     * {@code running} jobs are stuck, counted among running jobs only: {@code orphaned} when their node
     * has no row or has not beaten within {@code request.nodeTimeout()}, else {@code overdue} when they
     * have an attempt timeout and started longer ago than it plus {@code request.overdueGrace()}.
     */
    QueueLoad queueLoad(QueueLoad.Request request);

    /**
     * Stores samples of queues' ready and running counts; a sample of the same queue at the same
     * instant replaces the earlier one (two leaders for a moment write one row).
     */
    void queueSampleRecord(List<QueueSample> samples);

    /** Samples taken at or after {@code since}, of one queue or (null) of every queue, oldest first. */
    List<QueueSample> queueSampleList(@Nullable String queue, Instant since);

    /** Deletes samples taken before {@code before}; returns how many. */
    int queueSamplePrune(Instant before);

    // ---- cron ---------------------------------------------------------------------------------

    /**
     * Stores the expression and zone the code declares for a schedule, inserting it with
     * {@code lastTick} as its latest handled tick if it is new. An existing schedule keeps its tick
     * history; the declaration is put in force unless an operator's runtime edit is (see
     * {@link #cronUpdate}), and when that changes the definition in force the schedule restarts at
     * {@code lastTick} (its latest tick becomes the later of the two).
     */
    void cronDeclare(String name, String expression, String zone, Instant lastTick);

    /** Every stored schedule, by name, with the current state of its latest job. */
    List<CronRow> cronList();

    /**
     * Records a handled tick and, unless it is skipped, inserts its job as {@link #jobInsertUnique}
     * does, in one transaction; an inserted job becomes the schedule's latest run and is tracked until
     * {@link #cronSettle} counts its outcome. The job's unique key (schedule and tick, blocking in
     * every state) is what makes a tick fire once even if two nodes believe they lead.
     *
     * @return the insert's result, or empty when the tick was skipped
     */
    Optional<UniqueInsert> cronFire(CronFire fire);

    // ---- statistics ---------------------------------------------------------------------------

    /**
     * Adds nodes' per-minute sums to the stored buckets: counts and totals add up, maxima keep the
     * larger. Many nodes add to the same bucket at once; none of their sums may be lost.
     */
    void statsRecord(List<StatsBucket> buckets);

    /** Buckets (minute and hour) starting in the query's range, oldest first. */
    List<StatsBucket> statsList(StatsQuery query);

    /**
     * Down-samples and forgets: minute buckets that started before {@code minutesBefore} are added to
     * their hour's bucket and deleted; hour buckets that started before {@code hoursBefore} are deleted.
     * Returns the buckets deleted. Safe to run on two nodes at once.
     */
    int statsRollUp(Instant minutesBefore, Instant hoursBefore);

    // ---- batches and workflows -------------------------------------------------------------
    //
    // A batch's jobs carry its id; it finishes when none of them is unfinished and none of its child
    // batches is open. The runtime writes completions of batch jobs through batchJobCompleteMany, which
    // does the batch's work in the completion's transaction; any other move to a final state (rescue,
    // cancel, queue clear, jobCompleteMany, SQL by hand) is caught up by batchSweep.

    /**
     * Inserts a batch, its jobs (with their {@code batch_id}), the dependencies between them and its
     * callbacks, in one transaction of the store's own. With a {@code parentId}, locks the parent first:
     * it must exist ({@link IllegalArgumentException}) and be unfinished ({@link IllegalStateException}).
     * Wakes listeners like {@link #jobInsertMany(List)}.
     */
    BatchInserted batchInsert(NewBatch batch);

    /**
     * Adds jobs to a batch in one transaction, having locked it: a batch that does not exist fails with
     * {@link IllegalArgumentException}, a finished one with {@link IllegalStateException} (its callbacks
     * have fired). Returns the ids in input order.
     */
    List<Long> batchJobInsertMany(long batchId, List<NewJob> jobs);

    /**
     * Applies outcomes of jobs that belong to a batch, as {@link #jobCompleteMany} does, and in the same
     * transaction: deletes the dependency edges of jobs that reached a final state; cancels the waiting
     * jobs whose upstream failed under {@link dev.stevedore.UpstreamFailure#CANCEL} (and so on down the
     * graph); makes available the waiting jobs left without edges; finishes each batch (and then its
     * parents) that has no unfinished job and no open child, taking its tally and inserting its
     * callbacks, at most once per batch even when many nodes complete its last jobs at the same moment.
     */
    Set<Long> batchJobCompleteMany(List<Completion> completions);

    /**
     * Does, in one transaction, what {@link #batchJobCompleteMany} does after applying its outcomes,
     * for jobs that reached a final state some other way (an operator's cancel, a rescue). Jobs that
     * are not final or not in a batch are ignored. Returns how many edges, released or cancelled jobs
     * and finished batches it handled.
     */
    int batchAdvance(List<Long> jobIds);

    /**
     * {@link #batchAdvance} for every final job whose edges or batch were left behind (a queue clear,
     * SQL by hand, a node that stopped between a cancel and its advance), for up to {@code limit} edges
     * and batches. Returns how many things it handled; 0 when nothing was behind. Safe beside
     * completions and other sweeps on any node.
     */
    int batchSweep(int limit);

    /**
     * A batch's progress: its tally once finished; while it runs, the counts of its units now, or the
     * tally kept for it once it is large. A read that counts a running batch and finds {@link
     * dev.stevedore.spi.jdbc.BatchTallies#LARGE_BATCH} units or more keeps those counts as its tally,
     * taken now, unless the batch finished meanwhile; failing to keep it does not fail the read.
     */
    Optional<BatchStatus> batchGet(long id);

    /**
     * Batches newest (highest id) first, every one or the children of {@code filter.parentId()}, below
     * {@code filter.beforeId()}, at most {@code filter.limit()}; each read as {@link #batchGet} reads it
     * (and a large running one counted by the read given a tally). Walks the primary key backwards, so
     * a page costs the same at any depth.
     */
    List<BatchStatus> batchList(BatchFilter filter);

    /**
     * Counts again up to {@code limit} running batches whose tally (see {@link #batchGet}) was taken
     * {@code olderThan} ago or earlier, oldest tally first, each in a short statement of its own that
     * leaves a batch that finished meanwhile alone. Returns how many it counted; 0 when no running batch
     * has a tally that old. The leader calls it after {@link #batchSweep}.
     */
    int batchTallyRefresh(Duration olderThan, int limit);

    /**
     * The jobs of batch {@code batchId} (its members, and the callbacks it inserted once finished),
     * lowest id first, above {@code afterId} when it is not null, at most {@code limit} (1..500).
     */
    List<Job> batchJobList(long batchId, @Nullable Long afterId, int limit);

    /** The callbacks batch {@code batchId} declared, in declaration order; empty when it has none or does not exist. */
    List<DeclaredCallback> batchCallbackList(long batchId);

    /**
     * Deletes finished batches older than {@code request.failedRetention()} that have no job left and
     * whose parent, if any, has finished too; returns how many.
     */
    int batchPrune(PruneRequest request);

    // ---- flow control: limits and circuit breakers ---------------------------------------------

    /**
     * Leases rate tokens to a node, so that it admits jobs under rate limits without a round trip per
     * claim: one transaction that locks the asks' keys in sorted order (as a limited {@link #jobClaim} does), reads
     * their rate slots and blocks, applies {@link Admissions#lease} on the store's clock and writes its
     * plan. Grants come back in ask order, one per ask; each key at most once per call.
     */
    List<RateGrant> rateLease(List<RateAsk> asks);

    /** Blocks the keys until {@code until} (a later block wins): no job of them is admitted before then. */
    void limitBlock(List<String> keys, Instant until);

    /**
     * Adds each report to its breaker's window and moves the breaker as {@link BreakerDecisions#next}
     * says, each breaker under its row's lock (created closed on first report). Returns the changes made.
     */
    List<BreakerChange> breakerRecord(List<BreakerReport> reports);

    /**
     * Makes the job the breaker's probe if the breaker is open past its cool-down, or half-open with a
     * probe that no longer runs: at most one probe runs at a time, cluster-wide. Returns whether it did.
     */
    boolean breakerProbe(String name, long jobId, int attempt);

    /** Every breaker that ever received a report, by name. */
    List<BreakerState> breakerList();

    /**
     * Deletes rate slots past their window, blocks in the past, places in line of finished jobs and breaker
     * slots past their window.
     */
    int flowSweep();
    // ---- cron control: runtime edits, pauses, run outcomes, queued runs; fan-outs ---------------------

    /**
     * Puts a definition in force for a stored schedule (an operator's edit, or a reset to the code's
     * declaration). Returns false when no schedule has that name.
     */
    boolean cronUpdate(CronUpdate update);

    /**
     * Disables a schedule: the leader fires none of its ticks until {@link #cronEnable}, and a queued
     * tick is dropped. Disabling a disabled schedule keeps its first time and reason. Returns false when
     * no schedule has that name.
     */
    boolean cronDisable(String name, String reason);

    /**
     * Enables a schedule: its failure streak restarts at zero and its ticks resume from the store's
     * now (ticks that passed while it was disabled are not caught up). Returns false when no schedule
     * has that name.
     */
    boolean cronEnable(String name);

    /**
     * Handles {@code tick} by queuing it behind the running job (overlap "queue one"): it becomes the
     * schedule's queued tick unless one is queued already, and the latest handled tick moves to it as
     * in {@link #cronFire}. Returns whether it was queued.
     */
    boolean cronQueue(String name, Instant tick, @Nullable Instant next);

    /** Inserts a run-now or a released queued tick; see {@link CronEnqueue}. */
    UniqueInsert cronEnqueue(CronEnqueue enqueue);

    /** Every run not yet counted by {@link #cronSettle}, oldest job first, with its job's state now. */
    List<CronRun> cronRunList();

    /**
     * Counts one finished run; see {@link CronSettle}. A run counted already (by another leader, say)
     * changes nothing, so no outcome is ever counted twice.
     */
    CronSettle.Result cronSettle(CronSettle settle);

    /** The state of a fan-out's run, creating it (started now, at position 0) if it is new. */
    FanOutState fanOutStart(String name, String run);

    /**
     * Applies one page of a fan-out; see {@link FanOutPage}. Returns the state afterwards, or empty,
     * changing nothing, when the run no longer stands at the page's position or does not exist.
     */
    Optional<FanOutState> fanOutPage(FanOutPage page);

    // ---- failures and issues ------------------------------------------------------------------

    /**
     * Stores failed attempts and groups them into issues, in one transaction: inserts one row per
     * failure and upserts one row per {@link IssueTally} of the batch (count added, first and last seen
     * widened, queues and sample job ids merged, the latest message and stack kept). An issue that was
     * {@linkplain IssueStatus#RESOLVED resolved} becomes open again with {@link Issue#regressedAt()} set
     * to the batch's latest failure of it; an ignored one keeps counting and stays ignored. Concurrent
     * calls from any number of nodes never lose a count.
     *
     * <p>Returns the issues this call opened (inserted) or regressed (moved from resolved to open), one
     * change per issue, in issue id order: of concurrent calls recording the same new or resolved
     * fingerprint, exactly one reports it. Finding them must not cost another round trip per issue.
     */
    List<IssueChange> failureRecord(List<FailureRecord> failures);

    /** Failures matching the query, newest (highest id) first, at most {@code query.limit()}. */
    List<Failure> failureList(FailureQuery query);

    /** Deletes failures recorded longer ago than {@code retention} by the store's clock, at most {@code limit}; returns how many. */
    int failurePrune(Duration retention, int limit);

    /**
     * Failures of one queue recorded at or after {@code since}, counted per category with the number
     * of distinct issues of each, most failures first. Reads the window through the failures' time
     * index, so its cost follows the window's failures, not the table's.
     */
    List<FailureCount> failureCounts(String queue, Instant since);

    /**
     * Failures of each of {@code issueIds} (at most 500) recorded at or after {@code since}, counted per
     * bucket of {@code width} starting at {@code since}; buckets without a failure are left out. Reads the
     * failures, never the jobs, so its cost follows those issues' failures since then.
     */
    List<FailureBucket> failureBuckets(List<String> issueIds, Instant since, Duration width);

    /** Issues matching the query, latest seen first (then highest id), at most {@code query.limit()}. */
    List<Issue> issueList(IssueQuery query);

    /** One issue, if it exists. */
    Optional<Issue> issueGet(String id);

    /** Sets an issue's status (an operator's resolve, ignore or reopen); returns it afterwards, or empty if unknown. */
    Optional<Issue> issueSetStatus(String id, IssueStatus status);

    /**
     * Open issues that regressed (a resolved issue failed again and nobody has resolved or ignored it
     * since), latest regression first, at most {@code limit}. Served by an index of those issues alone.
     */
    List<Issue> issueRegressedList(int limit);

    // ---- alerts ---------------------------------------------------------------------------------------

    /**
     * Fires an alert unless one is active for the same rule and subject, or one resolved within
     * {@code fire.coolDown()}: inserts it active, {@code fired_at = now}. The one-active-alert rule is a
     * unique constraint, so of any number of nodes firing at once exactly one gets the alert. Returns it
     * if this call fired it, empty otherwise.
     */
    Optional<Alert> alertFire(AlertFire fire);

    /**
     * Resolves the active alert of the rule and subject ({@code resolved_at = now}). Returns it if this
     * call resolved it; empty when there was none (or another node resolved it first).
     */
    Optional<Alert> alertResolve(String rule, String subject);

    /** Alerts matching the query, newest (highest id) first, at most {@code query.limit()}. */
    List<Alert> alertList(AlertQuery query);

    /**
     * Deletes alerts resolved longer ago than {@code retention} (by the store's clock), at most
     * {@code limit}; active alerts are never pruned. Returns how many.
     */
    int alertPrune(Duration retention, int limit);

    // ---- health reads for alert rules -----------------------------------------------------------

    /**
     * Every queue that has available jobs, with when its longest-waiting one became due, by queue
     * name. Reads the claim index's head entries (a few index probes per queue and priority), never
     * counts the jobs.
     */
    List<ReadyQueue> queueReadyList();

    /**
     * Running jobs whose current attempt started at least {@code runningFor} ago by the store's
     * clock, longest-running first, at most {@code limit}. Reads the index of running jobs only.
     */
    List<Job> jobRunningLongest(Duration runningFor, int limit);

    // ---- audit log -----------------------------------------------------------------------------

    /** Appends an operator action to the audit log, stamped with the store's clock. Kept until deleted by hand. */
    void auditRecord(AuditAction action);

    /** Audit entries newest (highest id) first, below {@code beforeId} when it is not null, at most {@code limit} (1..500). */
    List<AuditEntry> auditList(@Nullable Long beforeId, int limit);

    // ---- nodes and leadership ---------------------------------------------------------------

    /** Registers the node or refreshes its heartbeat (upsert, {@code heartbeat_at = now}). */
    void nodeHeartbeat(NodeBeat beat);

    /** Removes the node's row (graceful shutdown). */
    void nodeRemove(String nodeId);

    /** Nodes known to the store, including stale ones, with their last heartbeat. */
    List<NodeInfo> nodeList();

    /**
     * The paused queues and the cancel requests for jobs {@code nodeId} runs, in one round trip: each
     * node calls this about once a second, so it must stay one cheap indexed read.
     */
    NodeControl nodeControl(String nodeId);

    /**
     * Takes or renews the leadership lease for {@code ttl}: succeeds when no lease exists, the lease
     * expired, or {@code nodeId} already holds it. Returns whether {@code nodeId} is the leader now.
     */
    boolean leaderElect(String nodeId, Duration ttl);

    /** Gives up the lease if {@code nodeId} holds it. */
    void leaderResign(String nodeId);

    /** The node holding an unexpired lease, if any. */
    Optional<String> leaderGet();

    // ---- time, wake-ups, schema ----------------------------------------------------------------

    /** The store's clock. */
    Instant now();

    /**
     * Cross-process wake-ups, if the engine has them (PostgreSQL LISTEN/NOTIFY). Empty means the
     * runtime relies on polling alone, which must be correct on its own.
     */
    Optional<Notifier> notifier();

    /** Applies pending migrations; returns the schema version reached. */
    int migrateUp();

    /** Reverts migrations down to {@code targetVersion} (0 drops everything); returns it. */
    int migrateDown(int targetVersion);

    /** The schema version applied and the latest the jar ships. */
    MigrationStatus migrationStatus();

    /** Releases what the store itself opened (connections it created, the listening connection). */
    @Override
    void close();

    /**
     * The leader's upkeep of the store's tables after each prune, for what the database does not do by
     * itself (PostgreSQL: vacuum where autovacuum is off). Returns the tables it maintained; the default
     * does nothing.
     */
    default List<String> tableUpkeep() {
        return List.of();
    }

    // ---- step checkpoints ---------------------------------------------------------------------

    /** The JSON result recorded for a finished step of a job ({@code "null"} for none); empty if it has not finished. */
    Optional<String> stepResult(long jobId, String name);

    /**
     * Runs {@code work} in one transaction on the store's database and records in the same transaction
     * that the step finished with the JSON {@code work} returns, but only while the job is
     * {@code running} with this {@code attempt}: both commit or neither does. An exception from
     * {@code work} rolls back and is rethrown as it is. When the attempt no longer owns the job, or
     * the step was recorded meanwhile, it rolls back and throws {@link StaleStepException}.
     */
    String stepRun(long jobId, int attempt, String name, StepTransaction work) throws Exception;

    /** A step's work inside the store's transaction; returns the result's JSON. */
    @FunctionalInterface
    interface StepTransaction {
        String run(java.sql.Connection connection) throws Exception;
    }
}
