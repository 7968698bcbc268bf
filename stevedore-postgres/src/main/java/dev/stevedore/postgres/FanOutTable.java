package dev.stevedore.postgres;

import static dev.stevedore.postgres.Db.params;

import dev.stevedore.spi.FanOutPage;
import dev.stevedore.spi.FanOutState;
import dev.stevedore.spi.NewJob;
import dev.stevedore.spi.jdbc.CronColumns;
import java.util.Optional;

/**
 * Fan-out progress: {@code fan_outs}. A page's jobs and the run's new position commit together, under
 * a lock on the run's row taken first, so two runners of one fan-out never insert the same page.
 */
final class FanOutTable {
    private final Db db;
    private final JobInserter inserter;

    FanOutTable(Db db, JobInserter inserter) {
        this.db = db;
        this.inserter = inserter;
    }

    FanOutState start(String name, String run) {
        return db.list("fanOutStart", "fan_out_start", params("name", name, "run", run),
                rs -> CronColumns.fanOut(rs, JobRows::instant)).get(0);
    }

    Optional<FanOutState> page(FanOutPage page) {
        JobValidation.check(page.jobs());
        return db.inTransaction("fanOutPage", c -> {
            var key = params("name", page.name(), "run", page.run(), "position", page.position());
            if (db.list(c, "fan_out_lock", key, rs -> rs.getLong("position")).isEmpty()) {
                return Optional.empty();
            }
            int inserted = 0;
            for (NewJob job : page.jobs()) {
                if (inserter.insertUnique(c, job).inserted()) {
                    inserted++;
                }
            }
            return Optional.of(db.list(c, "fan_out_advance", params("name", page.name(), "run", page.run(),
                    "cursor", page.nextCursor(), "next_position", page.nextPosition(), "inserted", inserted),
                    rs -> CronColumns.fanOut(rs, JobRows::instant)).get(0));
        });
    }
}
