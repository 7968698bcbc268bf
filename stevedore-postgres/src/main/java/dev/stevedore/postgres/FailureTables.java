package dev.stevedore.postgres;

import static dev.stevedore.postgres.Db.array;
import static dev.stevedore.postgres.Db.params;

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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The failures and issues tables: one insert and one upsert per recorded batch, in one transaction. */
final class FailureTables {
    private final Db db;

    FailureTables(Db db) {
        this.db = db;
    }

    List<IssueChange> record(List<FailureRecord> failures) {
        if (failures.isEmpty()) {
            return List.of();
        }
        return db.inTransaction("failureRecord", c -> {
            db.update(c, "failure_insert", failureParams(c, failures));
            Map<String, Object> params = issueParams(c, IssueTally.of(failures));
            params.put("token", UUID.randomUUID().toString());
            return db.list(c, "issue_upsert", params, rs -> FailureColumns.issueChange(rs, JobRows::instant));
        });
    }

    List<Issue> regressed(int limit) {
        return db.list("issueRegressedList", "issue_regressed_list", params("limit", limit), FailureTables::issue);
    }

    List<Failure> list(FailureQuery q) {
        return db.list("failureList", q.jobId() == null ? "failure_list" : "failure_list_job", params(
                "before_id", q.beforeId(), "from", time(q.from()), "to", time(q.to()), "queue", q.queue(), "kind", q.kind(),
                "category", q.category() == null ? null : FailureColumns.category(q.category()), "issue", q.issue(),
                "job_id", q.jobId(), "limit", q.limit()), rs -> FailureColumns.failure(rs, JobRows::instant));
    }

    int prune(Duration retention, int limit) {
        return db.update("failurePrune", "failure_prune", params("retention_ms", retention.toMillis(), "limit", limit));
    }

    List<Issue> issues(IssueQuery q) {
        return db.list("issueList", "issue_list", params("before_last_seen", time(q.beforeLastSeen()),
                "before_id", q.beforeId(), "status", q.status() == null ? null : q.status().dbName(), "kind", q.kind(),
                "limit", q.limit()), FailureTables::issue);
    }

    Optional<Issue> issue(String id) {
        return db.list("issueGet", "issue_get", params("id", id), FailureTables::issue).stream().findFirst();
    }

    Optional<Issue> setStatus(String id, IssueStatus status) {
        return db.list("issueSetStatus", "issue_set_status", params("id", id, "status", status.dbName()),
                FailureTables::issue).stream().findFirst();
    }

    private static Issue issue(ResultSet rs) throws SQLException {
        return FailureColumns.issue(rs, JobRows::instant);
    }

    static @Nullable OffsetDateTime time(@Nullable Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }

    private static long micros(Instant at) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, at);
    }

    private static Map<String, Object> failureParams(Connection c, List<FailureRecord> failures) throws SQLException {
        int n = failures.size();
        String[] issues = new String[n], kinds = new String[n], queues = new String[n], args = new String[n];
        String[] classes = new String[n], messages = new String[n], stacks = new String[n], categories = new String[n];
        String[] nodes = new String[n], tags = new String[n], metadata = new String[n];
        Long[] jobIds = new Long[n], durations = new Long[n], at = new Long[n];
        Boolean[] retryable = new Boolean[n];
        Integer[] attempts = new Integer[n];
        for (int i = 0; i < n; i++) {
            FailureRecord f = failures.get(i);
            issues[i] = f.issue();
            jobIds[i] = f.jobId();
            kinds[i] = f.kind();
            queues[i] = f.queue();
            args[i] = f.args();
            classes[i] = f.errorClass();
            messages[i] = f.message();
            stacks[i] = f.stack();
            categories[i] = FailureColumns.category(f.category());
            retryable[i] = f.retryable();
            attempts[i] = f.attempt();
            nodes[i] = f.node();
            durations[i] = f.duration().toMillis();
            at[i] = micros(f.at());
            tags[i] = StoreJson.strings(f.tags());
            metadata[i] = StoreJson.stringMap(f.metadata());
        }
        return params("issue_ids", array(c, "text", issues), "job_ids", array(c, "int8", jobIds),
                "kinds", array(c, "text", kinds), "queues", array(c, "text", queues), "args", array(c, "text", args),
                "error_classes", array(c, "text", classes), "messages", array(c, "text", messages),
                "stacks", array(c, "text", stacks), "categories", array(c, "text", categories),
                "retryable", array(c, "bool", retryable), "attempts", array(c, "int4", attempts),
                "nodes", array(c, "text", nodes), "duration_ms", array(c, "int8", durations),
                "at_us", array(c, "int8", at), "tags", array(c, "text", tags), "metadata", array(c, "text", metadata));
    }

    private static Map<String, Object> issueParams(Connection c, List<IssueTally> tallies) throws SQLException {
        int n = tallies.size();
        String[] ids = new String[n], kinds = new String[n], classes = new String[n], messages = new String[n];
        String[] stacks = new String[n], queues = new String[n], samples = new String[n];
        Long[] counts = new Long[n], first = new Long[n], last = new Long[n];
        for (int i = 0; i < n; i++) {
            IssueTally t = tallies.get(i);
            ids[i] = t.id();
            kinds[i] = t.kind();
            classes[i] = t.errorClass();
            messages[i] = t.message();
            stacks[i] = t.stack();
            counts[i] = t.count();
            first[i] = micros(t.firstSeen());
            last[i] = micros(t.lastSeen());
            queues[i] = StoreJson.strings(t.queues());
            samples[i] = StoreJson.longs(t.sampleJobIds());
        }
        return params("ids", array(c, "text", ids), "kinds", array(c, "text", kinds),
                "error_classes", array(c, "text", classes), "messages", array(c, "text", messages),
                "stacks", array(c, "text", stacks), "counts", array(c, "int8", counts),
                "first_us", array(c, "int8", first), "last_us", array(c, "int8", last),
                "queues", array(c, "text", queues), "samples", array(c, "text", samples),
                "max_queues", Issue.MAX_QUEUES, "max_samples", Issue.MAX_SAMPLES);
    }
}
