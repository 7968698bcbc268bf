package dev.stevedore.sqlite;

import static dev.stevedore.sqlite.Db.params;

import dev.stevedore.Alert;
import dev.stevedore.AlertQuery;
import dev.stevedore.spi.AlertFire;
import dev.stevedore.spi.jdbc.AlertColumns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * The alerts table: one statement per operation, writes under SQLite's single write lock; the unique
 * index of active alerts keeps one per rule and subject whatever the processes on the file do.
 */
final class AlertTable {
    private final Db db;
    private final InstantSource clock;

    AlertTable(Db db, InstantSource clock) {
        this.db = db;
        this.clock = clock;
    }

    Optional<Alert> fire(AlertFire fire) {
        return db.write("alertFire", c -> db.list(c, "alert_fire", params("rule", fire.rule(), "subject", fire.subject(),
                "message", fire.message(), "now", clock.millis(), "cool_down_ms", fire.coolDown().toMillis()),
                AlertTable::alert)).stream().findFirst();
    }

    Optional<Alert> resolve(String rule, String subject) {
        return db.write("alertResolve", c -> db.list(c, "alert_resolve", params("rule", rule, "subject", subject,
                "now", clock.millis()), AlertTable::alert)).stream().findFirst();
    }

    List<Alert> list(AlertQuery q) {
        return db.read("alertList", c -> db.list(c, "alert_list", params("before_id", q.beforeId(),
                "active", q.active() ? 1 : 0, "rule", q.rule(), "limit", q.limit()), AlertTable::alert));
    }

    int prune(Duration retention, int limit) {
        long before = clock.millis() - retention.toMillis();
        return db.write("alertPrune", c -> db.update(c, "alert_prune", params("before", before, "limit", limit)));
    }

    private static Alert alert(ResultSet rs) throws SQLException {
        return AlertColumns.alert(rs, JobRows::instant);
    }
}
