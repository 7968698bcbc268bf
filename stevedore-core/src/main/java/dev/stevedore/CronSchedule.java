package dev.stevedore;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A cron schedule as stored, for display: {@link Stevedore#cronSchedules()}.
 *
 * @param name         the schedule's name, unique
 * @param expression   the cron expression
 * @param zone         the zone its fields are read in
 * @param lastTick     the latest tick handled (fired or skipped), or null before the first
 * @param lastJobId    the job of the latest fired tick, or null if none fired yet
 * @param lastJobState that job's state now, or null if there is none (or it was pruned)
 * @param nextTick     the next tick as computed at the latest check, or null if none is left
 */
public record CronSchedule(String name, String expression, String zone, @Nullable Instant lastTick,
        @Nullable Long lastJobId, @Nullable JobState lastJobState, @Nullable Instant nextTick) {}
