package dev.stevedore.spring;

import dev.stevedore.Alert;
import dev.stevedore.AlertQuery;
import dev.stevedore.BatchOptions;
import dev.stevedore.BatchStatus;
import dev.stevedore.BreakerState;
import dev.stevedore.CronControl;
import dev.stevedore.CronSchedule;
import dev.stevedore.Enqueued;
import dev.stevedore.EnqueuedBatch;
import dev.stevedore.Failure;
import dev.stevedore.FailureQuery;
import dev.stevedore.FanOutOptions;
import dev.stevedore.FanOutResult;
import dev.stevedore.FanOutSource;
import dev.stevedore.Issue;
import dev.stevedore.IssueQuery;
import dev.stevedore.Job;
import dev.stevedore.JobOptions;
import dev.stevedore.PausedQueue;
import dev.stevedore.QueueHealth;
import dev.stevedore.StatsBucket;
import dev.stevedore.StatsQuery;
import dev.stevedore.Stevedore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The node as the application sees it: every call goes to the node, except that {@link #enqueue} and
 * {@link #enqueueMany} inside a Spring transaction on the store's {@code DataSource} insert through
 * that transaction's connection. The jobs then exist if and only if the transaction commits, and
 * PostgreSQL delivers their wake-up at that commit. Outside such a transaction (or with a store that
 * is not on the application's DataSource) they commit on their own, as without Spring.
 */
final class TransactionalStevedore implements Stevedore {
    private final Stevedore node;
    /** The DataSource whose transactions enqueues join; null when the store is not on it. */
    private final @Nullable DataSource dataSource;

    TransactionalStevedore(Stevedore node, @Nullable DataSource dataSource) {
        this.node = node;
        this.dataSource = dataSource;
    }

    @Override
    public Enqueued enqueue(Record args, Consumer<JobOptions> options) {
        return enqueueMany(List.of(args), options).get(0);
    }

    @Override
    public List<Enqueued> enqueueMany(List<? extends Record> args, Consumer<JobOptions> options) {
        DataSource joined = dataSource;
        // A transaction holding a connection of this DataSource (a DataSourceTransactionManager's, or a
        // JPA one exposing its JDBC connection); a transaction on another resource is not joined.
        if (joined == null || !TransactionSynchronizationManager.isActualTransactionActive()
                || !TransactionSynchronizationManager.hasResource(joined)) {
            return node.enqueueMany(args, options);
        }
        Connection connection = DataSourceUtils.getConnection(joined);
        try {
            return node.enqueueMany(connection, args, options);
        } catch (SQLException e) {
            throw new UncategorizedSQLException("Stevedore enqueue in the current transaction", null, e);
        } finally {
            DataSourceUtils.releaseConnection(connection, joined);
        }
    }

    @Override
    public List<Enqueued> enqueueMany(Connection connection, List<? extends Record> args, Consumer<JobOptions> options)
            throws SQLException {
        return node.enqueueMany(connection, args, options);
    }

    @Override
    public EnqueuedBatch enqueueBatch(Consumer<BatchOptions> batch) {
        return node.enqueueBatch(batch);
    }

    @Override
    public List<Enqueued> enqueueInBatch(long batchId, List<? extends Record> args, Consumer<JobOptions> options) {
        return node.enqueueInBatch(batchId, args, options);
    }

    @Override
    public Optional<BatchStatus> batch(long batchId) {
        return node.batch(batchId);
    }

    @Override
    public Optional<Job> job(long id) {
        return node.job(id);
    }

    @Override
    public List<CronSchedule> cronSchedules() {
        return node.cronSchedules();
    }

    @Override
    public List<BreakerState> breakers() {
        return node.breakers();
    }

    @Override
    public List<StatsBucket> stats(StatsQuery query) {
        return node.stats(query);
    }

    @Override
    public List<QueueHealth> queueHealth() {
        return node.queueHealth();
    }

    @Override
    public QueueHealth queueHealth(String queue) {
        return node.queueHealth(queue);
    }

    @Override
    public CronControl cron() {
        return node.cron();
    }

    @Override
    public <T> FanOutResult fanOut(String name, String run, FanOutSource<T> source,
                                   Function<? super T, ? extends Record> job, Consumer<FanOutOptions> options) {
        return node.fanOut(name, run, source, job, options);
    }

    @Override
    public List<Failure> failures(FailureQuery query) {
        return node.failures(query);
    }

    @Override
    public List<Issue> issues(IssueQuery query) {
        return node.issues(query);
    }

    @Override
    public Optional<Issue> issue(String id) {
        return node.issue(id);
    }

    @Override
    public Optional<Issue> resolveIssue(String id) {
        return node.resolveIssue(id);
    }

    @Override
    public Optional<Issue> ignoreIssue(String id) {
        return node.ignoreIssue(id);
    }

    @Override
    public Optional<Issue> reopenIssue(String id) {
        return node.reopenIssue(id);
    }

    @Override
    public List<Alert> alerts(AlertQuery query) {
        return node.alerts(query);
    }

    @Override
    public Optional<Job> cancel(long id) {
        return node.cancel(id);
    }

    @Override
    public void pauseQueue(String queue) {
        node.pauseQueue(queue);
    }

    @Override
    public boolean resumeQueue(String queue) {
        return node.resumeQueue(queue);
    }

    @Override
    public List<PausedQueue> pausedQueues() {
        return node.pausedQueues();
    }

    @Override
    public int clearQueue(String queue) {
        return node.clearQueue(queue);
    }

    @Override
    public Optional<Job> retry(long id) {
        return node.retry(id);
    }

    @Override
    public Optional<Job> discard(long id) {
        return node.discard(id);
    }

    @Override
    public boolean delete(long id) {
        return node.delete(id);
    }

    @Override
    public String redactArgs(String args) {
        return node.redactArgs(args);
    }

    @Override
    public Map<String, Integer> queueConcurrency() {
        return node.queueConcurrency();
    }

    @Override
    public Map<String, String> limits() {
        return node.limits();
    }

    @Override
    public String nodeId() {
        return node.nodeId();
    }

    @Override
    public void start() {
        node.start();
    }

    @Override
    public void stop() {
        node.stop();
    }

    @Override
    public void close() {
        node.close();
    }
}
