package dev.stevedore.sqlite;

import static dev.stevedore.sqlite.Db.params;

import dev.stevedore.StatsBucket;
import dev.stevedore.StatsQuery;
import dev.stevedore.spi.StatsHours;
import dev.stevedore.spi.jdbc.StoreJson;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The statistics roll-ups on SQLite: one upsert per flush; a roll-up is one write transaction. */
final class StatsTable {
    private final Db db;

    StatsTable(Db db) {
        this.db = db;
    }

    void record(List<StatsBucket> buckets) {
        db.write("statsRecord", c -> record(c, buckets, StatsBucket.MINUTE));
    }

    /** Adds the buckets' sums to the stored buckets {@code width} wide. */
    private int record(Connection c, List<StatsBucket> buckets, Duration width) throws SQLException {
        return db.update(c, "stats_record", params("width_s", (int) width.toSeconds(), "batch", StoreJson.rows(buckets.stream()
                .map(b -> List.<Object>of(b.start().toEpochMilli(), b.queue(), b.kind(), b.completed(), b.failed(),
                        b.retried(), b.discarded(), b.timedOut(), b.cancelled(), b.runs(), b.runTotalMillis(),
                        b.runMaxMillis(), b.starts(), b.waitTotalMillis(), b.waitMaxMillis()))
                .toList())));
    }

    List<StatsBucket> list(StatsQuery query) {
        return db.read("statsList", c -> db.list(c, "stats_list", params("from", query.from().toEpochMilli(),
                "to", query.to().toEpochMilli(), "queue", query.queue(), "kind", query.kind()), StatsTable::bucket));
    }

    int rollUp(Instant minutesBefore, Instant hoursBefore) {
        return db.write("statsRollUp", c -> {
            List<StatsBucket> minutes = db.list(c, "stats_roll_up_take",
                    params("minutes_before", minutesBefore.toEpochMilli()), StatsTable::bucket);
            if (!minutes.isEmpty()) {
                record(c, StatsHours.of(minutes), StatsBucket.HOUR);
            }
            return db.update(c, "stats_drop_old", params("minutes_before", minutesBefore.toEpochMilli(),
                    "hours_before", hoursBefore.toEpochMilli()));
        });
    }

    private static StatsBucket bucket(ResultSet rs) throws SQLException {
        return new StatsBucket(Instant.ofEpochMilli(rs.getLong("start")), Duration.ofSeconds(rs.getInt("width_s")),
                rs.getString("queue"), rs.getString("kind"), rs.getLong("completed"), rs.getLong("failed"),
                rs.getLong("retried"), rs.getLong("discarded"), rs.getLong("timed_out"), rs.getLong("cancelled"),
                rs.getLong("runs"), rs.getLong("run_total_ms"), rs.getLong("run_max_ms"), rs.getLong("starts"),
                rs.getLong("wait_total_ms"), rs.getLong("wait_max_ms"));
    }
}
