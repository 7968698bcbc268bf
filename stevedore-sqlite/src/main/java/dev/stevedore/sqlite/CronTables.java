package dev.stevedore.sqlite;

import static dev.stevedore.sqlite.Db.params;

import dev.stevedore.JobState;
import dev.stevedore.spi.CronEnqueue;
import dev.stevedore.spi.CronFire;
import dev.stevedore.spi.CronRow;
import dev.stevedore.spi.CronRun;
import dev.stevedore.spi.CronSettle;
import dev.stevedore.spi.CronUpdate;
import dev.stevedore.spi.NewJob;
import dev.stevedore.spi.UniqueInsert;
import dev.stevedore.spi.jdbc.CronColumns;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Cron schedules and their runs: {@code cron_schedules} and {@code cron_runs}. Every change made with
 * a job (a fired tick, a run-now, a released queued tick) is one transaction with that job's insert;
 * an inserted available job wakes this process's listeners after the commit.
 */
final class CronTables {
    private final Db db;
    private final JobInserter inserter;
    private final InstantSource clock;
    private final LocalNotifier notifier;

    CronTables(Db db, JobInserter inserter, InstantSource clock, LocalNotifier notifier) {
        this.db = db;
        this.inserter = inserter;
        this.clock = clock;
        this.notifier = notifier;
    }

    void declare(String name, String expression, String zone, Instant lastTick) {
        db.write("cronDeclare", c -> db.update(c, "cron_declare", params("name", name, "expression", expression,
                "zone", zone, "last_tick", lastTick.toEpochMilli(), "now", clock.millis())));
    }

    List<CronRow> list() {
        return db.read("cronList", c -> db.list(c, "cron_list", Map.of(), rs -> CronColumns.schedule(rs, JobRows::instant)));
    }

    Optional<UniqueInsert> fire(CronFire fire) {
        Optional<Map<String, Object>> row = Optional.ofNullable(fire.job()).map(this::uniqueRow);
        Optional<UniqueInsert> result = db.write("cronFire", c -> {
            Optional<UniqueInsert> inserted = row.isEmpty() ? Optional.empty()
                    : Optional.of(inserter.insertUnique(c, fire.job(), row.get()));
            @Nullable Long jobId = insertedId(inserted);
            db.update(c, "cron_record", params("name", fire.name(), "tick", fire.tick().toEpochMilli(),
                    "next", millis(fire.next()), "job_id", jobId, "now", clock.millis()));
            track(c, fire.name(), jobId, fire.tick());
            return inserted;
        });
        result.ifPresent(r -> wake(fire.job(), r));
        return result;
    }

    boolean update(CronUpdate update) {
        return db.write("cronUpdate", c -> db.update(c, "cron_update", params("name", update.name(),
                "expression", update.expression(), "zone", update.zone(), "next", millis(update.next()),
                "operator", update.origin() == CronUpdate.Origin.OPERATOR, "now", clock.millis())) > 0);
    }

    boolean disable(String name, String reason) {
        return db.write("cronDisable", c -> disable(c, name, reason));
    }

    boolean enable(String name) {
        return db.write("cronEnable", c -> db.update(c, "cron_enable", params("name", name, "now", clock.millis())) > 0);
    }

    boolean queue(String name, Instant tick, @Nullable Instant next) {
        List<Boolean> queued = db.write("cronQueue", c -> db.list(c, "cron_queue", params("name", name,
                "tick", tick.toEpochMilli(), "next", millis(next), "now", clock.millis()), rs -> rs.getBoolean("queued")));
        return !queued.isEmpty() && queued.get(0);
    }

    UniqueInsert enqueue(CronEnqueue enqueue) {
        Map<String, Object> row = uniqueRow(enqueue.job());
        UniqueInsert result = db.write("cronEnqueue", c -> {
            UniqueInsert inserted = inserter.insertUnique(c, enqueue.job(), row);
            @Nullable Long jobId = insertedId(Optional.of(inserted));
            db.update(c, "cron_enqueued", params("name", enqueue.name(), "job_id", jobId,
                    "queued_tick", millis(enqueue.queuedTick()), "now", clock.millis()));
            track(c, enqueue.name(), jobId, enqueue.queuedTick());
            return inserted;
        });
        wake(enqueue.job(), result);
        return result;
    }

    List<CronRun> runList() {
        return db.read("cronRunList", c -> db.list(c, "cron_run_list", Map.of(), rs -> CronColumns.run(rs, JobRows::instant)));
    }

    CronSettle.Result settle(CronSettle settle) {
        CronRun run = settle.run();
        return db.write("cronSettle", c -> {
            if (db.update(c, "cron_settle_forget", params("job_id", run.jobId())) == 0) {
                return CronSettle.Result.ALREADY_COUNTED;
            }
            record Counted(int failures, boolean enabled) {}
            List<Counted> counted = db.list(c, "cron_settle_count", params("name", run.name(), "job_id", run.jobId(),
                    "outcome", run.state() == null ? null : run.state().dbName(), "finished_at", millis(run.finishedAt()),
                    "now", clock.millis()), rs -> new Counted(rs.getInt("consecutive_failures"), rs.getBoolean("enabled")));
            if (counted.isEmpty() || !settle.pauses(counted.get(0).failures(), counted.get(0).enabled())) {
                return CronSettle.Result.COUNTED;
            }
            disable(c, run.name(), settle.pauseReason());
            return CronSettle.Result.PAUSED;
        });
    }

    private Map<String, Object> uniqueRow(NewJob job) {
        return JobInserter.uniqueRow(job, clock.millis());
    }

    private boolean disable(Connection c, String name, String reason) throws SQLException {
        return db.update(c, "cron_disable", params("name", name, "reason", reason, "now", clock.millis())) > 0;
    }

    private void track(Connection c, String name, @Nullable Long jobId, @Nullable Instant tick) throws SQLException {
        if (jobId != null) {
            db.update(c, "cron_run_track", params("job_id", jobId, "name", name, "tick", millis(tick)));
        }
    }

    private void wake(@Nullable NewJob job, UniqueInsert result) {
        if (job != null && result.inserted() && result.state() == JobState.AVAILABLE) {
            notifier.publish(List.of(job.queue()));
        }
    }

    private static @Nullable Long insertedId(Optional<UniqueInsert> result) {
        return result.filter(UniqueInsert::inserted).map(UniqueInsert::id).orElse(null);
    }

    static @Nullable Long millis(@Nullable Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }
}
