package dev.stevedore.sqlite;

import static dev.stevedore.sqlite.Db.params;

import dev.stevedore.Failure;
import dev.stevedore.FailureQuery;
import dev.stevedore.Issue;
import dev.stevedore.IssueChange;
import dev.stevedore.IssueQuery;
import dev.stevedore.IssueStatus;
import dev.stevedore.spi.FailureRecord;
import dev.stevedore.spi.IssueTally;
import dev.stevedore.spi.jdbc.FailureColumns;
import dev.stevedore.spi.jdbc.StoreJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The failures and issues tables. A batch is one write transaction: under SQLite's single write lock
 * each issue is read, merged ({@link IssueTally#mergeQueues}, {@link IssueTally#mergeSamples}) and
 * upserted with no other writer in between, so counts add up across processes.
 */
final class FailureTables {
    private final Db db;
    private final InstantSource clock;

    FailureTables(Db db, InstantSource clock) {
        this.db = db;
        this.clock = clock;
    }

    List<IssueChange> record(List<FailureRecord> failures) {
        if (failures.isEmpty()) {
            return List.of();
        }
        return db.write("failureRecord", c -> {
            insert(c, failures);
            List<IssueChange> changes = new ArrayList<>();
            for (IssueTally tally : IssueTally.of(failures)) {
                IssueChange change = upsert(c, tally);
                if (change != null) {
                    changes.add(change);
                }
            }
            return changes;
        });
    }

    List<Issue> regressed(int limit) {
        return db.read("issueRegressedList", c -> db.list(c, "issue_regressed_list", params("limit", limit),
                FailureTables::issue));
    }

    private void insert(Connection c, List<FailureRecord> failures) throws SQLException {
        try (PreparedStatement ps = db.prepare(c, "failure_insert")) {
            for (FailureRecord f : failures) {
                db.bind(ps, "failure_insert", params("issue_id", f.issue(), "job_id", f.jobId(), "kind", f.kind(),
                        "queue", f.queue(), "args", f.args(), "error_class", f.errorClass(), "message", f.message(),
                        "stack", f.stack(), "category", FailureColumns.category(f.category()),
                        "retryable", f.retryable() ? 1 : 0, "attempt", f.attempt(), "node", f.node(),
                        "duration_ms", f.duration().toMillis(), "at", f.at().toEpochMilli(),
                        "tags", StoreJson.strings(f.tags()), "metadata", StoreJson.stringMap(f.metadata())));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Upserts one issue; returns its change if the upsert opened or regressed it (read before, under the write lock). */
    private @Nullable IssueChange upsert(Connection c, IssueTally t) throws SQLException {
        List<String> queues = t.queues();
        List<Long> samples = t.sampleJobIds();
        Optional<Issue> stored = db.list(c, "issue_get", params("id", t.id()), FailureTables::issue).stream().findFirst();
        if (stored.isPresent()) {
            queues = IssueTally.mergeQueues(stored.get().queues(), queues);
            samples = IssueTally.mergeSamples(stored.get().sampleJobIds(), samples);
        }
        db.update(c, "issue_upsert", params("id", t.id(), "kind", t.kind(), "error_class", t.errorClass(),
                "message", t.message(), "stack", t.stack(), "count", t.count(),
                "first_seen", t.firstSeen().toEpochMilli(), "last_seen", t.lastSeen().toEpochMilli(),
                "queues", StoreJson.strings(queues), "samples", StoreJson.longs(samples)));
        if (stored.isEmpty()) {
            return new IssueChange(IssueChange.Type.OPENED, t.id(), t.kind(), t.errorClass(), t.message(), t.firstSeen());
        }
        return stored.get().status() == IssueStatus.RESOLVED
                ? new IssueChange(IssueChange.Type.REGRESSED, t.id(), t.kind(), t.errorClass(), t.message(), t.lastSeen())
                : null;
    }

    List<Failure> list(FailureQuery q) {
        return db.read("failureList", c -> db.list(c, q.jobId() == null ? "failure_list" : "failure_list_job",
                params("before_id", q.beforeId(), "from", millis(q.from()), "to", millis(q.to()), "queue", q.queue(),
                        "kind", q.kind(), "category", q.category() == null ? null : FailureColumns.category(q.category()),
                        "issue", q.issue(), "job_id", q.jobId(), "limit", q.limit()),
                rs -> FailureColumns.failure(rs, JobRows::instant)));
    }

    int prune(Duration retention, int limit) {
        long before = clock.millis() - retention.toMillis();
        return db.write("failurePrune", c -> db.update(c, "failure_prune", params("before", before, "limit", limit)));
    }

    List<Issue> issues(IssueQuery q) {
        return db.read("issueList", c -> db.list(c, "issue_list", params("before_last_seen", millis(q.beforeLastSeen()),
                "before_id", q.beforeId(), "status", q.status() == null ? null : q.status().dbName(), "kind", q.kind(),
                "limit", q.limit()), FailureTables::issue));
    }

    Optional<Issue> issue(String id) {
        return db.read("issueGet", c -> db.list(c, "issue_get", params("id", id), FailureTables::issue))
                .stream().findFirst();
    }

    Optional<Issue> setStatus(String id, IssueStatus status) {
        return db.write("issueSetStatus", c -> db.list(c, "issue_set_status",
                params("id", id, "status", status.dbName()), FailureTables::issue)).stream().findFirst();
    }

    private static Issue issue(ResultSet rs) throws SQLException {
        return FailureColumns.issue(rs, JobRows::instant);
    }

    private static @Nullable Long millis(@Nullable Instant at) {
        return at == null ? null : at.toEpochMilli();
    }
}
