package dev.stevedore.postgres;

import static dev.stevedore.postgres.Db.params;

import dev.stevedore.spi.CronEnqueue;
import dev.stevedore.spi.CronFire;
import dev.stevedore.spi.CronRow;
import dev.stevedore.spi.CronRun;
import dev.stevedore.spi.CronSettle;
import dev.stevedore.spi.CronUpdate;
import dev.stevedore.spi.UniqueInsert;
import dev.stevedore.spi.jdbc.CronColumns;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Cron schedules and their runs: {@code cron_schedules} and {@code cron_runs}. Every change a leader
 * makes with a job (a fired tick, a run-now, a released queued tick) is one transaction with that job's
 * insert, so a schedule never points at a job that was rolled back.
 */
final class CronTables {
    private final Db db;
    private final JobInserter inserter;

    CronTables(Db db, JobInserter inserter) {
        this.db = db;
        this.inserter = inserter;
    }

    void declare(String name, String expression, String zone, Instant lastTick) {
        db.update("cronDeclare", "cron_declare",
                params("name", name, "expression", expression, "zone", zone, "last_tick", utc(lastTick)));
    }

    List<CronRow> list() {
        return db.list("cronList", "cron_list", Map.of(), rs -> CronColumns.schedule(rs, JobRows::instant));
    }

    Optional<UniqueInsert> fire(CronFire fire) {
        if (fire.job() != null) {
            JobValidation.check(List.of(fire.job()));
        }
        return db.inTransaction("cronFire", c -> {
            Optional<UniqueInsert> result = fire.job() == null ? Optional.empty()
                    : Optional.of(inserter.insertUnique(c, fire.job()));
            @Nullable Long jobId = insertedId(result);
            db.execute(c, "cron_record", params("name", fire.name(), "tick", utc(fire.tick()),
                    "next", utc(fire.next()), "job_id", jobId));
            track(c, fire.name(), jobId, fire.tick());
            return result;
        });
    }

    boolean update(CronUpdate update) {
        return db.update("cronUpdate", "cron_update", params("name", update.name(), "expression", update.expression(),
                "zone", update.zone(), "next", utc(update.next()),
                "operator", update.origin() == CronUpdate.Origin.OPERATOR)) > 0;
    }

    boolean disable(String name, String reason) {
        return db.update("cronDisable", "cron_disable", params("name", name, "reason", reason)) > 0;
    }

    boolean enable(String name) {
        return db.update("cronEnable", "cron_enable", params("name", name)) > 0;
    }

    boolean queue(String name, Instant tick, @Nullable Instant next) {
        List<Boolean> queued = db.list("cronQueue", "cron_queue",
                params("name", name, "tick", utc(tick), "next", utc(next)), rs -> rs.getBoolean("queued"));
        return !queued.isEmpty() && queued.get(0);
    }

    UniqueInsert enqueue(CronEnqueue enqueue) {
        JobValidation.check(List.of(enqueue.job()));
        return db.inTransaction("cronEnqueue", c -> {
            UniqueInsert result = inserter.insertUnique(c, enqueue.job());
            @Nullable Long jobId = insertedId(Optional.of(result));
            db.execute(c, "cron_enqueued", params("name", enqueue.name(), "job_id", jobId,
                    "queued_tick", utc(enqueue.queuedTick())));
            track(c, enqueue.name(), jobId, enqueue.queuedTick());
            return result;
        });
    }

    List<CronRun> runList() {
        return db.list("cronRunList", "cron_run_list", Map.of(), rs -> CronColumns.run(rs, JobRows::instant));
    }

    CronSettle.Result settle(CronSettle settle) {
        CronRun run = settle.run();
        return db.inTransaction("cronSettle", c -> {
            if (db.list(c, "cron_settle_forget", params("job_id", run.jobId()), rs -> rs.getString(1)).isEmpty()) {
                return CronSettle.Result.ALREADY_COUNTED;
            }
            record Counted(int failures, boolean enabled) {}
            List<Counted> counted = db.list(c, "cron_settle_count", params("name", run.name(), "job_id", run.jobId(),
                    "outcome", run.state() == null ? null : run.state().dbName(), "finished_at", utc(run.finishedAt())),
                    rs -> new Counted(rs.getInt("consecutive_failures"), rs.getBoolean("enabled")));
            if (counted.isEmpty() || !settle.pauses(counted.get(0).failures(), counted.get(0).enabled())) {
                return CronSettle.Result.COUNTED;
            }
            db.execute(c, "cron_disable", params("name", run.name(), "reason", settle.pauseReason()));
            return CronSettle.Result.PAUSED;
        });
    }

    private void track(Connection c, String name, @Nullable Long jobId, @Nullable Instant tick) throws SQLException {
        if (jobId != null) {
            db.execute(c, "cron_run_track", params("job_id", jobId, "name", name, "tick", utc(tick)));
        }
    }

    private static @Nullable Long insertedId(Optional<UniqueInsert> result) {
        return result.filter(UniqueInsert::inserted).map(UniqueInsert::id).orElse(null);
    }

    static @Nullable OffsetDateTime utc(@Nullable Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
