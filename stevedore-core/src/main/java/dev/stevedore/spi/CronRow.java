package dev.stevedore.spi;

import dev.stevedore.JobState;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A stored cron schedule. SPI record.
 *
 * @param name         the schedule's name
 * @param expression   as declared
 * @param zone         a zone id
 * @param lastTick     the latest tick handled; set to the declaration time for a new schedule
 * @param lastJobId    the job of the latest fired tick, or null
 * @param lastJobState that job's current state, or null if none or pruned
 * @param nextTick     the next tick as last computed, or null
 */
public record CronRow(String name, String expression, String zone, @Nullable Instant lastTick,
        @Nullable Long lastJobId, @Nullable JobState lastJobState, @Nullable Instant nextTick) {}
