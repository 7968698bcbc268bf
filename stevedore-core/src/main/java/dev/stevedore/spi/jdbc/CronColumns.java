package dev.stevedore.spi.jdbc;

import dev.stevedore.CronSchedule;
import dev.stevedore.JobState;
import dev.stevedore.spi.CronRow;
import dev.stevedore.spi.CronRun;
import dev.stevedore.spi.FanOutState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Reads rows of {@code cron_schedules}, {@code cron_runs} and {@code fan_outs} the same way in every
 * store; only how a timestamp column is read differs. For store authors.
 */
public final class CronColumns {
    /** How the store reads a timestamp column (timestamptz, epoch milliseconds …); null when SQL NULL. */
    @FunctionalInterface
    public interface Instants {
        @Nullable Instant read(ResultSet rs, String column) throws SQLException;
    }

    private CronColumns() {}

    /** A schedule: every column of {@code cron_schedules}, plus {@code last_job_state} (joined). */
    public static CronRow schedule(ResultSet rs, Instants instants) throws SQLException {
        Instant editedAt = instants.read(rs, "edited_at");
        Instant disabledAt = instants.read(rs, "disabled_at");
        String reason = rs.getString("disabled_reason");
        String outcome = rs.getString("last_outcome");
        Long outcomeJob = nullableLong(rs, "last_outcome_job_id");
        Instant outcomeAt = instants.read(rs, "last_outcome_at");
        return new CronRow(rs.getString("name"), rs.getString("expression"), rs.getString("zone"),
                instants.read(rs, "last_tick_at"), nullableLong(rs, "last_job_id"), state(rs.getString("last_job_state")),
                instants.read(rs, "next_tick_at"),
                editedAt == null ? null
                        : new CronSchedule.Edit(editedAt, rs.getString("declared_expression"), rs.getString("declared_zone")),
                disabledAt == null ? null : new CronSchedule.Disabled(disabledAt, reason == null ? "" : reason),
                rs.getInt("consecutive_failures"),
                outcome == null || outcomeJob == null || outcomeAt == null ? null
                        : new CronSchedule.RunOutcome(outcomeJob, JobState.fromDb(outcome), outcomeAt),
                instants.read(rs, "queued_tick_at"));
    }

    /** A run: {@code name}, {@code job_id}, {@code tick_at}, and the job's {@code state} and {@code finished_at}. */
    public static CronRun run(ResultSet rs, Instants instants) throws SQLException {
        return new CronRun(rs.getString("name"), rs.getLong("job_id"), instants.read(rs, "tick_at"),
                state(rs.getString("state")), instants.read(rs, "finished_at"));
    }

    /** A fan-out run: every column of {@code fan_outs}. */
    public static FanOutState fanOut(ResultSet rs, Instants instants) throws SQLException {
        return new FanOutState(rs.getString("name"), rs.getString("run"), instants.read(rs, "started_at"),
                rs.getString("cursor"), rs.getLong("position"), rs.getLong("enqueued"), instants.read(rs, "finished_at"));
    }

    private static @Nullable JobState state(@Nullable String stored) {
        return stored == null ? null : JobState.fromDb(stored);
    }

    private static @Nullable Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
