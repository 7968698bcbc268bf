package dev.stevedore;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A Stevedore node: enqueues jobs and, once {@linkplain #start() started}, runs the jobs of the queues
 * it was configured with.
 *
 * {@snippet file="QuickStart.java" region="node"}
 *
 * <p>A job enqueued inside the application's own transaction exists only if that transaction commits:
 * {@snippet file="QuickStart.java" region="transaction"}
 *
 * <p>Both examples are regions of {@code stevedore-examples}' {@code QuickStart}, which the build
 * compiles and runs.
 *
 * <p>Thread-safe. {@link #close()} shuts down gracefully and closes the store.
 */
public interface Stevedore extends AutoCloseable {

    /** Starts configuring a node. */
    static StevedoreBuilder builder() {
        return new StevedoreBuilder();
    }

    /** Enqueues one job with default options. */
    default Enqueued enqueue(Record args) {
        return enqueue(args, o -> {});
    }

    /** Enqueues one job. */
    Enqueued enqueue(Record args, Consumer<JobOptions> options);

    /** Enqueues many jobs in one transaction (COPY on PostgreSQL); results in input order. */
    List<Enqueued> enqueueMany(List<? extends Record> args, Consumer<JobOptions> options);

    /**
     * Enqueues jobs inside the caller's transaction on {@code connection}: they exist if and only if
     * the caller commits. The connection must reach the store's database; it is not committed or closed.
     */
    List<Enqueued> enqueueMany(Connection connection, List<? extends Record> args, Consumer<JobOptions> options)
            throws SQLException;

    /** Enqueues one job inside the caller's transaction (see {@link #enqueueMany(Connection, List, Consumer)}). */
    default Enqueued enqueue(Connection connection, Record args, Consumer<JobOptions> options) throws SQLException {
        return enqueueMany(connection, List.of(args), options).get(0);
    }

    /**
     * Enqueues a batch in one transaction: jobs tracked together, with callbacks enqueued exactly once
     * when the last of them has finished (on success, on failure, on completion), and steps that wait
     * for other steps (a workflow). A batch may be the child of an unfinished one. Bad input (no job,
     * an unknown step, a cycle, a unique job) fails with {@link IllegalArgumentException} before
     * anything is stored. See docs/batches.md.
     */
    EnqueuedBatch enqueueBatch(Consumer<BatchOptions> batch);

    /**
     * Adds jobs to a batch that has not finished, for instance from one of its own jobs
     * ({@link JobContext#batchId()}): the batch then waits for them too. A batch that does not exist
     * fails with {@link IllegalArgumentException}; a finished one with {@link IllegalStateException},
     * since its callbacks have already run. Unique jobs cannot join a batch.
     */
    List<Enqueued> enqueueInBatch(long batchId, List<? extends Record> args, Consumer<JobOptions> options);

    /**
     * A batch's progress and outcome, or empty if there is no such batch (or it was pruned). A running
     * batch is counted at the read, unless it holds 100,000 units or more: then the counts are a tally
     * at most about 10 s old, and {@link BatchStatus#talliedAt()} says when it was taken.
     */
    Optional<BatchStatus> batch(long batchId);

    /** The job as stored now. */
    Optional<Job> job(long id);

    /** The cron schedules stored (declared by any node), with their latest and next ticks: {@code cron().list()}. */
    List<CronSchedule> cronSchedules();

    /** Every circuit breaker that ever counted an outcome, as stored (shared by all nodes). */
    List<BreakerState> breakers();

    /**
     * What the queues' jobs did, per minute (per hour once older than the minute retention), queue and
     * kind, summed over every node: see {@link StevedoreBuilder#statsRetention}. A node adds its sums
     * every ten seconds, so the current minute fills in as it goes.
     */
    List<StatsBucket> stats(StatsQuery query);

    /**
     * The health of every queue known to the cluster (declared by this node, holding jobs, paused, or
     * served by a live node), by name: a score from 0 to 100, its components (failure rate, latency
     * against the queue's {@link QueueOptions#latencyTarget target}, backlog trend, stuck jobs, open
     * breakers) and recommendations in plain words. Reads statistics roll-ups, the leader's per-minute
     * samples and indexes, never counts of every job. See docs/health.md.
     */
    List<QueueHealth> queueHealth();

    /** The health of one queue (see {@link #queueHealth()}); a queue nobody knows scores as idle and healthy. */
    QueueHealth queueHealth(String queue);

    /**
     * Cron schedules at runtime, for every node: change an expression, disable and enable, run now,
     * backfill a range. See {@link CronControl}.
     */
    CronControl cron();

    /**
     * Enqueues one job per item of {@code source}, spread over time slots from the run's start
     * ({@link FanOutOptions}), so a large set never floods a queue. Pages are read by cursor and each
     * is enqueued together with the run's progress, so calling again with the same {@code name} and
     * {@code run} after a crash resumes where it stopped, and no item is ever enqueued twice: each job
     * is unique per fan-out, run and job arguments (the job's arguments identify the item). Calling it
     * for a finished run enqueues nothing and returns its result. Runs on the caller's thread until the
     * source is exhausted. See docs/fanout.md.
     *
     * @param name    the fan-out, 1..200 characters, e.g. {@code "sync-accounts"}
     * @param run     this occurrence, 1..200 characters, e.g. the day {@code "2026-11-23"}: a new run
     *                enqueues every item again
     * @param source  the items, by page
     * @param job     the job of one item; the same item must give the same arguments
     * @param options slots, page size and the jobs' options
     */
    <T> FanOutResult fanOut(String name, String run, FanOutSource<T> source, Function<? super T, ? extends Record> job,
                            Consumer<FanOutOptions> options);

    /** {@link #fanOut(String, String, FanOutSource, Function, Consumer)} with the default options. */
    default <T> FanOutResult fanOut(String name, String run, FanOutSource<T> source,
                                    Function<? super T, ? extends Record> job) {
        return fanOut(name, run, source, job, f -> {});
    }

    /**
     * Failed attempts recorded by every node, newest first, one keyset page at a time: each retried,
     * held, discarded, timed-out or rescued attempt with its error, category, arguments (redacted, see
     * {@link StevedoreBuilder#redact}) and the job's tags and metadata. Records are written a moment
     * after the attempt, off the hot path. See docs/failures.md.
     */
    List<Failure> failures(FailureQuery query);

    /** Failures grouped by fingerprint, latest seen first, one keyset page at a time. See docs/failures.md. */
    List<Issue> issues(IssueQuery query);

    /** One issue by id, or empty if there is none. */
    Optional<Issue> issue(String id);

    /**
     * Marks an issue fixed. If it fails again it reopens as a regression ({@link Issue#regressedAt()}).
     * Returns it afterwards, or empty if there is no such issue.
     */
    Optional<Issue> resolveIssue(String id);

    /** Ignores an issue: it keeps counting but stays ignored. Returns it afterwards, or empty if unknown. */
    Optional<Issue> ignoreIssue(String id);

    /** Makes a resolved or ignored issue open again. Returns it afterwards, or empty if unknown. */
    Optional<Issue> reopenIssue(String id);

    /**
     * Alerts fired by the leader's {@linkplain StevedoreBuilder#alert alert rules}, newest first, one
     * keyset page at a time: the active ones ({@link AlertQuery#activeOnly()}) and the history, kept for
     * the {@linkplain StevedoreBuilder#alertRetention alert retention}. See docs/alerts.md.
     */
    List<Alert> alerts(AlertQuery query);

    /**
     * Cancels a job. A waiting job (scheduled, available, retryable, held) is cancelled at once. A
     * running job gets a cancel request: the node running it interrupts it within about a second, its
     * handler sees {@link JobContext#cancelRequested()}, and it ends {@code cancelled} without further
     * retries, unless it finishes first, in which case its outcome stands. Returns the job as it is
     * afterwards ({@link Job#cancelPending()} while the request is on its way), or empty if there is
     * no such job; a finished job is returned unchanged.
     */
    Optional<Job> cancel(long id);

    /**
     * Pauses a queue on every node: from now on no node claims its jobs (a node that has claimed some
     * ahead of free slots hands them back within about a second). Jobs already running finish normally.
     * Pausing a paused queue changes nothing. The pause is stored, so it outlives restarts.
     */
    void pauseQueue(String queue);

    /** Resumes a paused queue: claims continue at once. Returns whether it was paused. */
    boolean resumeQueue(String queue);

    /** The queues paused now, by name. */
    List<PausedQueue> pausedQueues();

    /**
     * Cancels every job of the queue that has not started (scheduled, available, retryable and held
     * jobs), with the reason "queue cleared"; running jobs are left to finish. Nothing is deleted: the
     * jobs stay visible as {@code cancelled} until pruned, and {@link #retry(long)} brings one back.
     * Pause the queue first to stop new work from starting meanwhile. Returns how many were cancelled.
     */
    int clearQueue(String queue);

    /**
     * Makes a held, discarded, cancelled or waiting job available now; returns it as it is afterwards. A
     * workflow step still waiting for its upstream steps is left to its workflow (returned unchanged).
     */
    Optional<Job> retry(long id);

    /**
     * Gives up on a waiting job (scheduled, available, retryable or held): it becomes {@code discarded}
     * with an error saying an operator discarded it. Running and finished jobs, and workflow steps still
     * waiting for their upstream jobs, are returned unchanged. Returns the job as it is afterwards, or
     * empty if there is no such job.
     */
    Optional<Job> discard(long id);

    /**
     * Deletes a finished job (completed, discarded or cancelled) now rather than at pruning; waiting and
     * running jobs, and jobs of a batch that has not finished, are kept. Returns whether it was deleted.
     */
    boolean delete(long id);

    /**
     * Job arguments (JSON) as operators may see them: the fields configured with
     * {@link StevedoreBuilder#redact} replaced by "[redacted]", as in failure records. Arguments that are
     * not JSON are withheld whole when any field is redacted.
     */
    String redactArgs(String args);

    /** The queues this node serves, each with the most jobs it runs at once (its concurrency). */
    java.util.Map<String, Integer> queueConcurrency();

    /**
     * The limits this node declares ({@link StevedoreBuilder#limit}), by name, each described in words
     * for operators, e.g. {@code "kinds [sms.send] by [account]: 1 at a time, first in first out"}.
     */
    java.util.Map<String, String> limits();

    /** This node's id, unique per process. */
    String nodeId();

    /** Starts claiming and running jobs of the configured queues, and the node's background services. */
    void start();

    /**
     * Stops gracefully: stops claiming, waits up to the shutdown grace for running jobs, interrupts the
     * rest and hands their jobs back (available again, no attempt used), writes every outcome, leaves.
     */
    void stop();

    /** {@link #stop()}, then closes the store. */
    @Override
    void close();
}
