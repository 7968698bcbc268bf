package dev.stevedore.sqlite;

import static dev.stevedore.sqlite.Db.params;

import dev.stevedore.JobState;
import dev.stevedore.spi.NewJob;
import dev.stevedore.spi.UniqueInsert;
import dev.stevedore.spi.UniqueKey;
import dev.stevedore.spi.jdbc.StoreJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Inserts new jobs on whatever connection it is given: the store's own inside its transaction, or a
 * caller's inside theirs.
 *
 * <p>One prepared statement executed per row: SQLite runs in-process, so there is no round trip to
 * save by building a multi-row statement, and per-row {@code RETURNING id} gives the ids in input
 * order for free.
 */
final class JobInserter {
    private static final String QUERY = "job_insert";
    /** Insert-then-look-up rounds for a unique job before giving up (each round needs a race to fail). */
    private static final int UNIQUE_TRIES = 5;

    private final Db db;
    /** The highest id handed out by this store instance, committed or not (see job_insert). */
    private final AtomicLong lastIssued = new AtomicLong();

    JobInserter(Db db) {
        this.db = db;
    }

    /**
     * The parameters of each row, computed before any lock is taken so that a bad value fails with
     * {@link IllegalArgumentException} naming the job instead of inside a transaction.
     */
    static List<Map<String, Object>> rows(List<NewJob> jobs, long now) {
        List<Map<String, Object>> rows = new ArrayList<>(jobs.size());
        for (int i = 0; i < jobs.size(); i++) {
            NewJob job = jobs.get(i);
            long scheduledAt = scheduledAt(i, job, now);
            NewJob.TimeLimits limits = job.limits();
            Map<String, Object> row = params(
                    "kind", job.kind(), "queue", job.queue(), "args", job.args(), "priority", job.priority(),
                    "max_attempts", job.maxAttempts(), "state", job.state().dbName(), "now", now,
                    "scheduled_at", scheduledAt,
                    "timeout_ms", millis(job.timeout()),
                    "tags", StoreJson.strings(job.tags()), "metadata", StoreJson.stringMap(job.metadata()),
                    "start_by", after(i, job, scheduledAt, limits.startWithin(), "start deadline"),
                    "deadline_at", limits.deadline() != null ? epochMillis(i, job, limits.deadline())
                            : after(i, job, now, limits.deadlineIn(), "deadline"),
                    "heartbeat_timeout_ms", millis(limits.heartbeatTimeout()),
                    "batch_id", null,
                    "limit_keys", job.limitKeys().isEmpty() ? null : StoreJson.strings(job.limitKeys()));
            UniqueKey unique = job.unique();
            if (unique != null) {
                row.put("unique_key", unique.storedKey(Math.floorDiv(scheduledAt, 1000L)));
                row.put("unique_states", unique.statesColumn());
            }
            rows.add(row);
        }
        return rows;
    }

    /** Inserts rows (from {@link #rows}, or the callbacks a batch inserts) as jobs of batch {@code batchId}. */
    List<Long> insertInBatch(Connection connection, long batchId, List<Map<String, Object>> rows) throws SQLException {
        List<Map<String, Object>> inBatch = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            Map<String, Object> p = new HashMap<>(row);
            p.put("batch_id", batchId);
            inBatch.add(p);
        }
        return insert(connection, inBatch);
    }

    /** {@link #rows} of one unique job; {@link IllegalArgumentException} if it has no unique key. */
    static Map<String, Object> uniqueRow(NewJob job, long now) {
        if (job.unique() == null) {
            throw new IllegalArgumentException("job of kind " + job.kind() + " has no unique key");
        }
        return rows(List.of(job), now).get(0);
    }

    List<Long> insert(Connection connection, List<Map<String, Object>> rows) throws SQLException {
        List<Long> ids = new ArrayList<>(rows.size());
        try (PreparedStatement ps = db.prepare(connection, QUERY)) {
            for (Map<String, Object> row : rows) {
                Map<String, Object> p = new HashMap<>(row);
                p.put("after", lastIssued.get());
                db.bind(ps, QUERY, p);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long id = rs.getLong(1);
                    lastIssued.accumulateAndGet(id, Math::max);
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    /**
     * Inserts one unique job's row (from {@link #rows}) or finds the job holding its key. Under the
     * store's write lock nothing can change between the two statements; on a caller's connection
     * another writer could, so the pair is tried a few times.
     */
    UniqueInsert insertUnique(Connection connection, NewJob job, Map<String, Object> row) throws SQLException {
        for (int tries = 0; tries < UNIQUE_TRIES; tries++) {
            Map<String, Object> p = new HashMap<>(row);
            p.put("after", lastIssued.get());
            List<Long> ids = db.list(connection, "job_insert_unique", p, rs -> rs.getLong(1));
            if (!ids.isEmpty()) {
                lastIssued.accumulateAndGet(ids.get(0), Math::max);
                return new UniqueInsert(ids.get(0), job.state(), true);
            }
            List<UniqueInsert> holders = db.list(connection, "job_find_unique", row,
                    rs -> new UniqueInsert(rs.getLong("id"), JobState.fromDb(rs.getString("state")), false));
            if (!holders.isEmpty()) {
                return holders.get(0);
            }
        }
        throw new SQLException("unique job of kind " + job.kind() + ": a duplicate refused it " + UNIQUE_TRIES
                + " times but could not be found afterwards each time");
    }

    /** The queues that get available jobs, each once, in first-seen order. */
    static Set<String> availableQueues(List<NewJob> jobs) {
        Set<String> queues = new LinkedHashSet<>();
        for (NewJob job : jobs) {
            if (job.state() == JobState.AVAILABLE) {
                queues.add(job.queue());
            }
        }
        return queues;
    }

    private static @Nullable Long millis(@Nullable Duration duration) {
        return duration == null ? null : duration.toMillis();
    }

    /** {@code from + span} in epoch milliseconds, or null without a span. */
    private static @Nullable Long after(int index, NewJob job, long from, @Nullable Duration span, String what) {
        if (span == null) {
            return null;
        }
        try {
            return Math.addExact(from, span.toMillis());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("job " + index + " (" + job.kind() + "): " + what + " "
                    + Instant.ofEpochMilli(from) + " + " + span + " is out of range", e);
        }
    }

    private static Long epochMillis(int index, NewJob job, Instant at) {
        try {
            return at.toEpochMilli();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("job " + index + " (" + job.kind() + "): deadline " + at
                    + " is out of range", e);
        }
    }

    private static long scheduledAt(int index, NewJob job, long now) {
        try {
            return job.runAt() != null ? job.runAt().toEpochMilli() : Math.addExact(now, job.delay().toMillis());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("job " + index + " (" + job.kind() + "): run-at time "
                    + (job.runAt() != null ? job.runAt() : "now + " + job.delay()) + " is out of range", e);
        }
    }
}
