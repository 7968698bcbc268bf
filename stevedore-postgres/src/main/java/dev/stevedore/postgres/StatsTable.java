package dev.stevedore.postgres;

import static dev.stevedore.postgres.Db.array;
import static dev.stevedore.postgres.Db.params;

import dev.stevedore.StatsBucket;
import dev.stevedore.StatsQuery;
import dev.stevedore.spi.StatsHours;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.ToLongFunction;

/** The statistics roll-ups on PostgreSQL: one upsert per flush; a roll-up is one transaction. */
final class StatsTable {
    private final Db db;

    StatsTable(Db db) {
        this.db = db;
    }

    void record(List<StatsBucket> buckets) {
        db.with("statsRecord", c -> record(c, buckets, StatsBucket.MINUTE));
    }

    /** Adds the buckets' sums to the stored buckets {@code width} wide. */
    private int record(Connection c, List<StatsBucket> buckets, Duration width) throws SQLException {
        return db.update(c, "stats_record", params("width_s", (int) width.toSeconds(),
                "start_ms", longs(c, buckets, b -> b.start().toEpochMilli()),
                "queues", array(c, "text", buckets.stream().map(StatsBucket::queue).toArray(String[]::new)),
                "kinds", array(c, "text", buckets.stream().map(StatsBucket::kind).toArray(String[]::new)),
                "completed", longs(c, buckets, StatsBucket::completed),
                "failed", longs(c, buckets, StatsBucket::failed),
                "retried", longs(c, buckets, StatsBucket::retried),
                "discarded", longs(c, buckets, StatsBucket::discarded),
                "timed_out", longs(c, buckets, StatsBucket::timedOut),
                "cancelled", longs(c, buckets, StatsBucket::cancelled),
                "runs", longs(c, buckets, StatsBucket::runs),
                "run_total_ms", longs(c, buckets, StatsBucket::runTotalMillis),
                "run_max_ms", longs(c, buckets, StatsBucket::runMaxMillis),
                "starts", longs(c, buckets, StatsBucket::starts),
                "wait_total_ms", longs(c, buckets, StatsBucket::waitTotalMillis),
                "wait_max_ms", longs(c, buckets, StatsBucket::waitMaxMillis)));
    }

    List<StatsBucket> list(StatsQuery query) {
        return db.list("statsList", "stats_list", params("from", query.from().atOffset(ZoneOffset.UTC),
                "to", query.to().atOffset(ZoneOffset.UTC), "queue", query.queue(), "kind", query.kind()), StatsTable::bucket);
    }

    /**
     * One transaction: the old minutes are deleted and returned (locked, so a concurrent roll-up waits and
     * then finds them gone), their sums added to their hours, and the oldest hours deleted.
     */
    int rollUp(Instant minutesBefore, Instant hoursBefore) {
        return db.inTransaction("statsRollUp", c -> {
            List<StatsBucket> minutes = db.list(c, "stats_roll_up_take",
                    params("minutes_before", minutesBefore.atOffset(ZoneOffset.UTC)), StatsTable::bucket);
            if (!minutes.isEmpty()) {
                record(c, StatsHours.of(minutes), StatsBucket.HOUR);
            }
            return minutes.size() + db.update(c, "stats_drop_hours", params("hours_before", hoursBefore.atOffset(ZoneOffset.UTC)));
        });
    }

    private static StatsBucket bucket(ResultSet rs) throws SQLException {
        return new StatsBucket(JobRows.instant(rs, "start"), Duration.ofSeconds(rs.getInt("width_s")),
                rs.getString("queue"), rs.getString("kind"), rs.getLong("completed"), rs.getLong("failed"),
                rs.getLong("retried"), rs.getLong("discarded"), rs.getLong("timed_out"), rs.getLong("cancelled"),
                rs.getLong("runs"), rs.getLong("run_total_ms"), rs.getLong("run_max_ms"), rs.getLong("starts"),
                rs.getLong("wait_total_ms"), rs.getLong("wait_max_ms"));
    }

    private static java.sql.Array longs(Connection c, List<StatsBucket> buckets, ToLongFunction<StatsBucket> field)
            throws SQLException {
        return array(c, "int8", buckets.stream().map(b -> field.applyAsLong(b)).toArray(Long[]::new));
    }
}
