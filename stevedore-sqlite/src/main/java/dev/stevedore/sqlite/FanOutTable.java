package dev.stevedore.sqlite;

import static dev.stevedore.sqlite.Db.params;

import dev.stevedore.JobState;
import dev.stevedore.spi.FanOutPage;
import dev.stevedore.spi.FanOutState;
import dev.stevedore.spi.NewJob;
import dev.stevedore.spi.UniqueInsert;
import dev.stevedore.spi.jdbc.CronColumns;
import java.time.InstantSource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Fan-out progress: {@code fan_outs}. A page's jobs and the run's new position commit in one write
 * transaction, which no other writer can interleave with, so two runners never insert the same page.
 */
final class FanOutTable {
    private final Db db;
    private final JobInserter inserter;
    private final InstantSource clock;
    private final LocalNotifier notifier;

    FanOutTable(Db db, JobInserter inserter, InstantSource clock, LocalNotifier notifier) {
        this.db = db;
        this.inserter = inserter;
        this.clock = clock;
        this.notifier = notifier;
    }

    FanOutState start(String name, String run) {
        Map<String, Object> key = params("name", name, "run", run, "now", clock.millis());
        return db.write("fanOutStart", c -> {
            db.update(c, "fan_out_create", key);
            return db.list(c, "fan_out_get", key, rs -> CronColumns.fanOut(rs, JobRows::instant)).get(0);
        });
    }

    Optional<FanOutState> page(FanOutPage page) {
        List<Map<String, Object>> rows = JobInserter.rows(page.jobs(), clock.millis());
        Set<String> woken = new LinkedHashSet<>();
        Optional<FanOutState> state = db.write("fanOutPage", c -> {
            if (db.list(c, "fan_out_lock", params("name", page.name(), "run", page.run(), "position", page.position()),
                    rs -> rs.getLong("position")).isEmpty()) {
                return Optional.empty();
            }
            int inserted = 0;
            for (int i = 0; i < rows.size(); i++) {
                NewJob job = page.jobs().get(i);
                UniqueInsert result = inserter.insertUnique(c, job, rows.get(i));
                if (result.inserted()) {
                    inserted++;
                    if (result.state() == JobState.AVAILABLE) {
                        woken.add(job.queue());
                    }
                }
            }
            return Optional.of(db.list(c, "fan_out_advance", params("name", page.name(), "run", page.run(),
                    "cursor", page.nextCursor(), "next_position", page.nextPosition(), "inserted", inserted,
                    "now", clock.millis()), rs -> CronColumns.fanOut(rs, JobRows::instant)).get(0));
        });
        notifier.publish(woken);
        return state;
    }
}
