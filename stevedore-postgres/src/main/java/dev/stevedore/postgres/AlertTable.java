package dev.stevedore.postgres;

import static dev.stevedore.postgres.Db.params;

import dev.stevedore.Alert;
import dev.stevedore.AlertQuery;
import dev.stevedore.spi.AlertFire;
import dev.stevedore.spi.jdbc.AlertColumns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The alerts table: one statement per operation. Firing relies on the unique index of active alerts,
 * so any number of nodes may fire the same alert at once and exactly one statement inserts it.
 */
final class AlertTable {
    private final Db db;

    AlertTable(Db db) {
        this.db = db;
    }

    Optional<Alert> fire(AlertFire fire) {
        return db.list("alertFire", "alert_fire", params("rule", fire.rule(), "subject", fire.subject(),
                "message", fire.message(), "cool_down_ms", fire.coolDown().toMillis()), AlertTable::alert)
                .stream().findFirst();
    }

    Optional<Alert> resolve(String rule, String subject) {
        return db.list("alertResolve", "alert_resolve", params("rule", rule, "subject", subject), AlertTable::alert)
                .stream().findFirst();
    }

    List<Alert> list(AlertQuery q) {
        return db.list("alertList", "alert_list", params("before_id", q.beforeId(), "active", q.active(),
                "rule", q.rule(), "limit", q.limit()), AlertTable::alert);
    }

    int prune(Duration retention, int limit) {
        return db.update("alertPrune", "alert_prune", params("retention_ms", retention.toMillis(), "limit", limit));
    }

    private static Alert alert(ResultSet rs) throws SQLException {
        return AlertColumns.alert(rs, JobRows::instant);
    }
}
