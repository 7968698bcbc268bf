package dev.stevedore.sqlite;

import static dev.stevedore.sqlite.Db.params;

import dev.stevedore.AttemptError;
import dev.stevedore.ErrorCategory;
import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.spi.Completion;
import dev.stevedore.spi.CrashLimit;
import dev.stevedore.spi.ProgressReport;
import dev.stevedore.spi.RescueRequest;
import dev.stevedore.spi.jdbc.StoreJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The fenced moves out of {@code running}: completions written back by workers and rescues of jobs
 * whose node died. Each row update matches only while the job is still running with the attempt the
 * caller saw, so a late writer changes nothing. Callers run these inside one transaction.
 */
final class JobTransitions {
    /** The error class recorded on a rescued job (there is no such Java class; it names the cause). */
    static final String NODE_LOST = "dev.stevedore.NodeLost";

    private final Db db;

    JobTransitions(Db db) {
        this.db = db;
    }

    /** What a batch of completions changed. */
    record Applied(Set<Long> ids, Set<String> availableQueues) {}

    /**
     * Applies a batch of completions in one statement: the batch travels as one JSON parameter that
     * {@code json_each} turns back into rows, so a batch of 500 costs one statement execution instead of
     * 500 (measured: per-row executions were most of the drain's time). The returned rows say exactly
     * which completions applied.
     */
    Applied complete(Connection c, List<Completion> completions, long now) throws SQLException {
        List<List<Object>> rows = new ArrayList<>(completions.size());
        for (Completion completion : completions) {
            rows.add(completionRow(completion));
        }
        Set<Long> ids = new HashSet<>();
        Set<String> woken = new LinkedHashSet<>();
        for (Done done : db.list(c, "job_complete_many", params("batch", StoreJson.rows(rows), "now", now), Done::of)) {
            ids.add(done.id());
            if (JobState.AVAILABLE.dbName().equals(done.state())) {
                woken.add(done.queue());
            }
        }
        return new Applied(ids, woken);
    }

    List<Job> rescue(Connection c, RescueRequest request, long now) throws SQLException {
        if (request.tooLate(java.time.Instant.ofEpochMilli(now))) {
            return List.of();
        }
        List<Orphan> orphans = db.list(c, "job_rescue_candidates", params(
                "stale_before", now - request.nodeTimeout().toMillis(), "limit", request.limit(),
                "rescued_by", request.rescuedBy(),
                "own_unheld", request.scope() == RescueRequest.Scope.OWN_UNHELD ? 1 : 0,
                "held", StoreJson.longs(List.copyOf(request.held()))), Orphan::of);
        CrashLimit limit = request.crashLimit();
        List<Job> rescued = new ArrayList<>(orphans.size());
        for (Orphan orphan : orphans) {
            // A counted crash keeps the crash times within the window, this one appended; one that is not
            // counted leaves them as they are.
            List<Long> crashes = limit == null ? orphan.crashedAt() : orphan.crashesWithin(limit.window(), now);
            boolean quarantine = limit != null && crashes.size() >= limit.crashes();
            JobState state = orphan.cancelRequested() ? JobState.CANCELLED
                    : quarantine ? JobState.HELD
                    : limit != null || orphan.attempt() < orphan.maxAttempts() ? JobState.RETRYABLE
                    : JobState.DISCARDED;
            rescued.addAll(db.list(c, "job_rescue", params(
                    "id", orphan.id(), "attempt", orphan.attempt(), "state", state.dbName(), "now", now,
                    "retry_in_ms", request.retryIn().toMillis(), "refund", limit == null ? 0 : 1,
                    "crashed_at", crashes.isEmpty() ? null : StoreJson.longs(crashes),
                    "error", StoreJson.error(orphan.lostError(request, now, crashNote(limit, crashes.size(), state)))),
                    JobRows::job));
        }
        return rescued;
    }

    /** What the rescue error adds about crashes: the words job_rescue writes on PostgreSQL. */
    private static String crashNote(@Nullable CrashLimit limit, int crashes, JobState state) {
        if (limit == null) {
            return "";
        }
        return state == JobState.HELD
                ? "; quarantined after crashing its worker " + crashes + " time(s) within " + limit.window()
                        + ", held until an operator retries it"
                : "; crash " + crashes + " of " + limit.crashes() + " within " + limit.window()
                        + " before quarantine, attempt given back";
    }

    /** A row job_complete_many changed. */
    private record Done(long id, String queue, String state) {
        static Done of(ResultSet rs) throws SQLException {
            return new Done(rs.getLong("id"), rs.getString("queue"), rs.getString("state"));
        }
    }

    /** Writes the latest progress of running jobs in one statement, fenced like a completion. */
    int progress(Connection c, List<ProgressReport> reports) throws SQLException {
        List<List<Object>> rows = new ArrayList<>(reports.size());
        for (ProgressReport report : reports) {
            rows.add(List.of(report.jobId(), report.attempt(), report.progress().percent(), report.progress().message()));
        }
        return db.update(c, "job_progress_many", params("batch", StoreJson.rows(rows)));
    }

    /** One completion as the positional row job_complete_many reads: keep the two in step. */
    private static List<Object> completionRow(Completion completion) {
        AttemptError error = completion.error();
        Job.Progress progress = completion.progress();
        return java.util.Arrays.asList(
                completion.jobId(), completion.attempt(), completion.state().dbName(), completion.runIn().toMillis(),
                error == null ? null : StoreJson.error(error),
                error == null ? null : error.category().name().toLowerCase(java.util.Locale.ROOT),
                completion.attemptUse() == Completion.AttemptUse.REFUNDED ? 1 : 0,
                completion.output(),
                progress == null ? null : progress.percent(),
                progress == null ? null : progress.message());
    }

    /** A running job whose node is gone, as far as rescuing it needs. */
    private record Orphan(long id, int attempt, int maxAttempts, @Nullable String node, @Nullable Instant attemptedAt,
                          boolean cancelRequested, List<Long> crashedAt) {
        static Orphan of(ResultSet rs) throws SQLException {
            String crashes = rs.getString("crashed_at");
            return new Orphan(rs.getLong("id"), rs.getInt("attempt"), rs.getInt("max_attempts"),
                    rs.getString("attempted_by"), JobRows.instant(rs, "attempted_at"),
                    JobRows.instant(rs, "cancel_requested_at") != null,
                    crashes == null ? List.of() : StoreJson.longs(crashes));
        }

        /** The crash times within {@code window} before {@code now}, oldest first, with a crash at {@code now}. */
        List<Long> crashesWithin(Duration window, long now) {
            List<Long> recent = new ArrayList<>(crashedAt.stream().filter(t -> t > now - window.toMillis()).sorted().toList());
            recent.add(now);
            return recent;
        }

        /** The error appended to the job: the same shape a failed attempt has. */
        AttemptError lostError(RescueRequest request, long now, String crashNote) {
            Instant at = Instant.ofEpochMilli(now);
            Duration ran = attemptedAt == null || attemptedAt.isAfter(at) ? Duration.ZERO
                    : Duration.between(attemptedAt, at);
            String message = request.scope() == RescueRequest.Scope.OWN_UNHELD
                    ? "node " + request.rescuedBy() + " does not hold this job although it is recorded as running there"
                            + " (a claim whose answer was lost, or an earlier process with the same node id); handed back"
                    : "node " + (node == null ? "(none)" : node) + " stopped heartbeating; rescued by " + request.rescuedBy();
            return new AttemptError(attempt, at, node == null ? "" : node, NODE_LOST, message + crashNote, "",
                    ErrorCategory.TRANSIENT, ran);
        }
    }
}
