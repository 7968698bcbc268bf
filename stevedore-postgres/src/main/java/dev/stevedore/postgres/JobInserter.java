package dev.stevedore.postgres;

import static dev.stevedore.postgres.Db.array;
import static dev.stevedore.postgres.Db.params;

import dev.stevedore.JobState;
import dev.stevedore.spi.NewJob;
import dev.stevedore.spi.UniqueInsert;
import dev.stevedore.spi.UniqueKey;
import dev.stevedore.spi.jdbc.StoreJson;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.postgresql.PGConnection;
import org.jspecify.annotations.Nullable;
import org.postgresql.copy.CopyIn;

/**
 * Inserts new jobs: a plain one-row {@code INSERT} for one job, one {@code INSERT ... SELECT FROM
 * unnest(...)} for small batches, and
 * {@code COPY} for large ones, where one statement per array element no longer pays for itself and
 * parsing array literals costs more than streaming rows. Either way, one {@code pg_notify} per queue
 * that received available jobs, in the same transaction, so listeners wake once the jobs are visible.
 */
final class JobInserter {
    /** Batches this large or larger go through COPY. */
    static final int COPY_THRESHOLD = 64;
    /** Insert-then-look-up rounds for a unique job before giving up (each round needs a race to fail). */
    private static final int UNIQUE_TRIES = 5;

    private final Db db;
    private final String channel;
    private final InsertWaker waker;

    JobInserter(Db db, String channel, InsertWaker waker) {
        this.db = db;
        this.channel = channel;
        this.waker = waker;
    }

    /** Whether inserting {@code count} jobs takes several statements, and so needs a transaction. */
    static boolean usesCopy(int count) {
        return count >= COPY_THRESHOLD;
    }

    /**
     * Inserts {@code jobs} on {@code connection} without committing; returns ids in input order. The
     * jobs must have passed {@link JobValidation#check}.
     */
    List<Long> insert(Connection connection, List<NewJob> jobs) throws SQLException {
        if (jobs.isEmpty()) {
            return List.of();
        }
        if (jobs.size() == 1) {
            return List.of(insertOne(connection, jobs.get(0)));
        }
        return usesCopy(jobs.size()) ? copy(connection, jobs) : insertSmall(connection, jobs, null);
    }

    /**
     * Inserts the jobs of batch {@code batchId} on {@code connection} without committing, in one
     * statement whatever their number (a batch is not the bulk path COPY serves); ids in input order.
     */
    List<Long> insertInBatch(Connection connection, long batchId, List<NewJob> jobs) throws SQLException {
        return insertSmall(connection, jobs, batchId);
    }

    private long insertOne(Connection c, NewJob job) throws SQLException {
        return insertOne(c, job, true);
    }

    /**
     * Inserts one job on {@code connection} in auto-commit, so that it is committed when this returns,
     * and wakes listeners after that commit instead of inside it (see {@link InsertWaker}).
     */
    long insertOneAlone(Connection c, NewJob job) throws SQLException {
        if (!c.getAutoCommit()) {
            throw new IllegalStateException("insertOneAlone needs an auto-commit connection");
        }
        return insertOne(c, job, false);
    }

    private long insertOne(Connection c, NewJob job, boolean notifyInStatement) throws SQLException {
        record Row(long id, String queue, String state) {}
        Map<String, Object> p = oneJobParams(job);
        if (!notifyInStatement) {
            p.put("channel", null);
        }
        List<Row> rows = db.list(c, "job_insert_one", p,
                rs -> new Row(rs.getLong("id"), rs.getString("queue"), rs.getString("state")));
        if (rows.size() != 1) {
            throw new SQLException("inserted " + rows.size() + " rows for one job");
        }
        Row row = rows.get(0);
        if (!notifyInStatement) {
            wakeAfterCommit(row.queue(), row.state());
        }
        return row.id();
    }

    private void wakeAfterCommit(String queue, @Nullable String state) {
        if (JobState.AVAILABLE.dbName().equals(state)) {
            waker.wake(queue);
        }
    }

    /**
     * Inserts a unique job on {@code connection} without committing, or finds the job holding its
     * key. A holder can leave its unique states (or roll back) between the refused insert and the
     * look-up; then the insert is tried again, a few times at most.
     */
    UniqueInsert insertUnique(Connection c, NewJob job) throws SQLException {
        return insertUnique(c, job, true);
    }

    /** {@link #insertUnique} in auto-commit, waking listeners after the commit (see {@link InsertWaker}). */
    UniqueInsert insertUniqueAlone(Connection c, NewJob job) throws SQLException {
        if (!c.getAutoCommit()) {
            throw new IllegalStateException("insertUniqueAlone needs an auto-commit connection");
        }
        return insertUnique(c, job, false);
    }

    private UniqueInsert insertUnique(Connection c, NewJob job, boolean notifyInStatement) throws SQLException {
        UniqueKey unique = job.unique();
        if (unique == null) {
            throw new IllegalArgumentException("job of kind " + job.kind() + " has no unique key");
        }
        Map<String, Object> p = oneJobParams(job);
        p.put("unique_key", unique.key());
        p.put("period_s", unique.period() == null ? null : unique.period().getSeconds());
        p.put("unique_states", unique.statesColumn());
        if (!notifyInStatement) {
            p.put("channel", null);
        }
        for (int tries = 0; tries < UNIQUE_TRIES; tries++) {
            record Row(String storedKey, @Nullable Long id, @Nullable String queue, @Nullable String state) {}
            Row row = db.list(c, "job_insert_unique", p, rs -> new Row(rs.getString("unique_key"),
                    (Long) rs.getObject("id"), rs.getString("queue"), rs.getString("state"))).get(0);
            if (row.id() != null) {
                if (!notifyInStatement) {
                    wakeAfterCommit(row.queue(), row.state());
                }
                return new UniqueInsert(row.id(), JobState.fromDb(row.state()), true);
            }
            List<UniqueInsert> holders = db.list(c, "job_find_unique", params("unique_key", row.storedKey()),
                    rs -> new UniqueInsert(rs.getLong("id"), JobState.fromDb(rs.getString("state")), false));
            if (!holders.isEmpty()) {
                return holders.get(0);
            }
        }
        throw new SQLException("unique job of kind " + job.kind() + ": a duplicate refused it " + UNIQUE_TRIES
                + " times but could not be found afterwards each time");
    }

    private Map<String, Object> oneJobParams(NewJob job) {
        NewJob.TimeLimits limits = job.limits();
        Map<String, Object> p = params(
                "kind", job.kind(), "queue", job.queue(), "args", job.args(), "priority", job.priority(),
                "max_attempts", job.maxAttempts(), "state", job.state().dbName(),
                "run_at_us", job.runAt() == null ? null : micros(job.runAt()), "delay_ms", job.delay().toMillis(),
                "timeout_ms", millis(job.timeout()),
                "tags", StoreJson.strings(job.tags()), "metadata", StoreJson.stringMap(job.metadata()),
                "channel", channel);
        p.put("start_within_ms", millis(limits.startWithin()));
        p.put("deadline_at_us", limits.deadline() == null ? null : micros(limits.deadline()));
        p.put("deadline_in_ms", millis(limits.deadlineIn()));
        p.put("heartbeat_timeout_ms", millis(limits.heartbeatTimeout()));
        p.put("limit_keys", job.limitKeys().isEmpty() ? null : job.limitKeys().toArray(String[]::new));
        return p;
    }

    private static @Nullable Long millis(@Nullable Duration duration) {
        return duration == null ? null : duration.toMillis();
    }

    private List<Long> insertSmall(Connection c, List<NewJob> jobs, @Nullable Long batchId) throws SQLException {
        int n = jobs.size();
        String[] kinds = new String[n];
        String[] queues = new String[n];
        String[] args = new String[n];
        Integer[] priorities = new Integer[n];
        Integer[] maxAttempts = new Integer[n];
        String[] states = new String[n];
        Long[] runAtUs = new Long[n];
        Long[] delayMs = new Long[n];
        Long[] timeoutMs = new Long[n];
        String[] tags = new String[n];
        String[] metadata = new String[n];
        Long[] startWithinMs = new Long[n];
        Long[] deadlineAtUs = new Long[n];
        Long[] deadlineInMs = new Long[n];
        Long[] heartbeatTimeoutMs = new Long[n];
        String[] limitKeys = new String[n];
        for (int i = 0; i < n; i++) {
            NewJob job = jobs.get(i);
            kinds[i] = job.kind();
            queues[i] = job.queue();
            args[i] = job.args();
            priorities[i] = job.priority();
            maxAttempts[i] = job.maxAttempts();
            states[i] = job.state().dbName();
            runAtUs[i] = job.runAt() == null ? null : micros(job.runAt());
            delayMs[i] = job.delay().toMillis();
            timeoutMs[i] = millis(job.timeout());
            tags[i] = StoreJson.strings(job.tags());
            metadata[i] = StoreJson.stringMap(job.metadata());
            NewJob.TimeLimits limits = job.limits();
            startWithinMs[i] = millis(limits.startWithin());
            deadlineAtUs[i] = limits.deadline() == null ? null : micros(limits.deadline());
            deadlineInMs[i] = millis(limits.deadlineIn());
            heartbeatTimeoutMs[i] = millis(limits.heartbeatTimeout());
            limitKeys[i] = job.limitKeys().isEmpty() ? null : StoreJson.strings(job.limitKeys());
        }
        var p = params(
                "kinds", array(c, "text", kinds), "queues", array(c, "text", queues),
                "args", array(c, "text", args), "priorities", array(c, "int4", priorities),
                "max_attempts", array(c, "int4", maxAttempts), "states", array(c, "text", states),
                "run_at_us", array(c, "int8", runAtUs), "delay_ms", array(c, "int8", delayMs),
                "timeout_ms", array(c, "int8", timeoutMs), "tags", array(c, "text", tags),
                "metadata", array(c, "text", metadata),
                "channel", channel, "wake", array(c, "text", wakeQueues(jobs)), "batch_id", batchId);
        p.put("start_within_ms", array(c, "int8", startWithinMs));
        p.put("deadline_at_us", array(c, "int8", deadlineAtUs));
        p.put("deadline_in_ms", array(c, "int8", deadlineInMs));
        p.put("heartbeat_timeout_ms", array(c, "int8", heartbeatTimeoutMs));
        p.put("limit_keys", array(c, "text", limitKeys));
        List<Long> ids = db.list(c, "job_insert_many", p, rs -> rs.getLong("id"));
        if (ids.size() != n) {
            throw new SQLException("inserted " + ids.size() + " rows for " + n + " jobs");
        }
        // Identity values are drawn in insertion order, which the statement fixes to input order.
        return ids.stream().sorted().toList();
    }

    private List<Long> copy(Connection c, List<NewJob> jobs) throws SQLException {
        Reserved reserved = reserve(c, jobs.size());
        Set<CopyRows.Column> columns = CopyRows.columnsFor(jobs);
        String sql = db.queries().get("job_copy").sql().replace("{columns}", CopyRows.columnList(columns));
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            CopyRows.write(copy, columns, jobs, reserved.ids(), reserved.txNow());
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        String[] wake = wakeQueues(jobs);
        if (wake.length > 0) {
            db.execute(c, "queue_notify", params("channel", channel, "queues", array(c, "text", wake)));
        }
        List<Long> ids = new ArrayList<>(jobs.size());
        for (long id : reserved.ids()) {
            ids.add(id);
        }
        return ids;
    }

    /** Ids drawn for a batch, ascending (input order), and the transaction's now(). */
    private record Reserved(long[] ids, Instant txNow) {}

    private Reserved reserve(Connection c, int n) throws SQLException {
        try (PreparedStatement ps = db.queries().get("job_reserve_ids").prepare(c, params("n", n));
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next() || rs.getInt("n") != n) {
                throw new SQLException("could not reserve " + n + " job ids");
            }
            long[] ids = new long[n];
            Array gaps = rs.getArray("ids");
            if (gaps == null) {
                long first = rs.getLong("first_id");
                for (int i = 0; i < n; i++) {
                    ids[i] = first + i;
                }
            } else {
                Object[] values = (Object[]) gaps.getArray();
                for (int i = 0; i < n; i++) {
                    ids[i] = ((Number) values[i]).longValue();
                }
            }
            return new Reserved(ids, JobRows.instant(rs, "tx_now"));
        }
    }

    /** The distinct queues that receive available jobs: one notification each. */
    private static String[] wakeQueues(List<NewJob> jobs) {
        Set<String> queues = new LinkedHashSet<>();
        for (NewJob job : jobs) {
            if (job.state() == JobState.AVAILABLE) {
                queues.add(job.queue());
            }
        }
        return queues.toArray(String[]::new);
    }

    private static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }
}
