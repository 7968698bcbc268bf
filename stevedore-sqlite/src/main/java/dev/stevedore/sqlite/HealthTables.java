package dev.stevedore.sqlite;

import static dev.stevedore.sqlite.Db.params;

import dev.stevedore.ErrorCategory;
import dev.stevedore.spi.FailureCount;
import dev.stevedore.spi.QueueLoad;
import dev.stevedore.spi.QueueSample;
import dev.stevedore.spi.jdbc.StoreJson;
import dev.stevedore.spi.FailureBucket;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** What queue health reads on SQLite: index-backed looks at a queue's jobs, the queue samples, failure counts. */
final class HealthTables {
    private final Db db;
    private final InstantSource clock;

    HealthTables(Db db, InstantSource clock) {
        this.db = db;
        this.clock = clock;
    }

    QueueLoad load(QueueLoad.Request request) {
        return db.read("queueLoad", c -> {
            Instant oldest = db.list(c, "queue_oldest_ready", params("queue", request.queue(), "now", clock.millis()),
                    rs -> JobRows.instant(rs, "oldest_ready_at")).stream().filter(Objects::nonNull).findFirst().orElse(null);
            long[] stuck = db.list(c, "queue_stuck", params("queue", request.queue(), "now", clock.millis(),
                    "node_timeout_ms", request.nodeTimeout().toMillis(), "grace_ms", request.overdueGrace().toMillis()),
                    rs -> new long[] {rs.getLong("overdue"), rs.getLong("orphaned")}).get(0);
            return new QueueLoad(request.queue(), oldest, stuck[0], stuck[1]);
        });
    }

    void recordSamples(List<QueueSample> samples) {
        if (samples.isEmpty()) {
            return;
        }
        db.write("queueSampleRecord", c -> db.update(c, "queue_sample_record", params("batch", StoreJson.rows(samples.stream()
                .map(s -> List.<Object>of(s.queue(), s.at().toEpochMilli(), s.ready(), s.running())).toList()))));
    }

    List<QueueSample> samples(@Nullable String queue, Instant since) {
        return db.read("queueSampleList", c -> db.list(c, "queue_sample_list",
                params("queue", queue, "since", since.toEpochMilli()),
                rs -> new QueueSample(rs.getString("queue"), Instant.ofEpochMilli(rs.getLong("at")), rs.getLong("ready"),
                        rs.getLong("running"))));
    }

    int pruneSamples(Instant before) {
        return db.write("queueSamplePrune", c -> db.update(c, "queue_sample_prune", params("before", before.toEpochMilli())));
    }

    List<FailureCount> failureCounts(String queue, Instant since) {
        return db.read("failureCounts", c -> db.list(c, "failure_counts", params("queue", queue, "since", since.toEpochMilli()),
                rs -> {
                    ErrorCategory category = JobRows.category(rs.getString("category"));
                    return new FailureCount(category == null ? ErrorCategory.CODE : category, rs.getLong("failures"),
                            rs.getLong("issues"));
                }));
    }

    List<FailureBucket> failureBuckets(List<String> issueIds, Instant since, Duration width) {
        return db.read("failureBuckets", c -> db.list(c, "failure_buckets", params("issue_ids", StoreJson.strings(issueIds),
                "since", since.toEpochMilli(), "width_ms", width.toMillis()), rs -> bucket(rs, since, width)));
    }

    private static FailureBucket bucket(java.sql.ResultSet rs, Instant since, Duration width) throws java.sql.SQLException {
        return new FailureBucket(rs.getString("issue_id"), since.plus(width.multipliedBy(rs.getLong("bucket"))),
                rs.getLong("failures"));
    }
}
