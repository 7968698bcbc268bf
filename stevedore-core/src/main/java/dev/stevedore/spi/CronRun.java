package dev.stevedore.spi;

import dev.stevedore.JobState;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A run of a cron schedule (the job of a fired tick or of a run-now) whose outcome has not been
 * counted yet. SPI record.
 *
 * @param name       the schedule
 * @param jobId      the run's job
 * @param tick       the tick it ran for, or null for a run-now
 * @param state      the job's state now, or null when the job no longer exists (pruned or deleted)
 * @param finishedAt when the job finished, or null while it has not
 */
public record CronRun(String name, long jobId, @Nullable Instant tick, @Nullable JobState state,
        @Nullable Instant finishedAt) {

    /** Whether its outcome can be counted: the job finished, or is gone. */
    public boolean settled() {
        return state == null || state.isFinal();
    }
}
