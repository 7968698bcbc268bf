package dev.stevedore.postgres;

import static dev.stevedore.postgres.Db.array;
import static dev.stevedore.postgres.Db.params;

import dev.stevedore.ErrorCategory;
import dev.stevedore.spi.FailureCount;
import dev.stevedore.spi.QueueLoad;
import dev.stevedore.spi.QueueSample;
import dev.stevedore.spi.FailureBucket;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** What queue health reads on PostgreSQL: index-backed looks at a queue's jobs, the queue samples, failure counts. */
final class HealthTables {
    private final Db db;

    HealthTables(Db db) {
        this.db = db;
    }

    QueueLoad load(QueueLoad.Request request) {
        return db.with("queueLoad", c -> {
            Instant oldest = db.list(c, "queue_oldest_ready", params("queue", request.queue()),
                    rs -> JobRows.instant(rs, "oldest_ready_at")).stream().filter(Objects::nonNull).findFirst().orElse(null);
            long[] stuck = db.list(c, "queue_stuck", params("queue", request.queue(),
                    "node_timeout_ms", request.nodeTimeout().toMillis(), "grace_ms", request.overdueGrace().toMillis()),
                    rs -> new long[] {rs.getLong("overdue"), rs.getLong("orphaned")}).get(0);
            return new QueueLoad(request.queue(), oldest, stuck[0], stuck[1]);
        });
    }

    void recordSamples(List<QueueSample> samples) {
        if (samples.isEmpty()) {
            return;
        }
        db.with("queueSampleRecord", c -> db.update(c, "queue_sample_record", params(
                "queues", array(c, "text", samples.stream().map(QueueSample::queue).toArray(String[]::new)),
                "at", array(c, "text", samples.stream().map(s -> s.at().toString()).toArray(String[]::new)),
                "ready", array(c, "int8", samples.stream().map(QueueSample::ready).toArray(Long[]::new)),
                "running", array(c, "int8", samples.stream().map(QueueSample::running).toArray(Long[]::new)))));
    }

    List<QueueSample> samples(@Nullable String queue, Instant since) {
        return db.list("queueSampleList", "queue_sample_list", params("queue", queue, "since", since.atOffset(ZoneOffset.UTC)),
                rs -> new QueueSample(rs.getString("queue"), JobRows.instant(rs, "at"), rs.getLong("ready"),
                        rs.getLong("running")));
    }

    int pruneSamples(Instant before) {
        return db.update("queueSamplePrune", "queue_sample_prune", params("before", before.atOffset(ZoneOffset.UTC)));
    }

    List<FailureCount> failureCounts(String queue, Instant since) {
        return db.list("failureCounts", "failure_counts", params("queue", queue, "since", since.atOffset(ZoneOffset.UTC)),
                rs -> {
                    ErrorCategory category = JobRows.category(rs.getString("category"));
                    return new FailureCount(category == null ? ErrorCategory.CODE : category, rs.getLong("failures"),
                            rs.getLong("issues"));
                });
    }

    List<FailureBucket> failureBuckets(List<String> issueIds, Instant since, Duration width) {
        return db.with("failureBuckets", c -> db.list(c, "failure_buckets", params("issue_ids",
                Db.array(c, "text", issueIds.toArray()), "since", since.atOffset(ZoneOffset.UTC), "width_ms", width.toMillis()),
                rs -> bucket(rs, since, width)));
    }

    private static FailureBucket bucket(java.sql.ResultSet rs, Instant since, Duration width) throws java.sql.SQLException {
        return new FailureBucket(rs.getString("issue_id"), since.plus(width.multipliedBy(rs.getLong("bucket"))),
                rs.getLong("failures"));
    }
}
