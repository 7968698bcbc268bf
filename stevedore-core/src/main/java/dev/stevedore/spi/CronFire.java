package dev.stevedore.spi;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One cron tick handled by the leader. SPI record.
 *
 * @param name the schedule
 * @param tick the tick: the schedule's last tick becomes the later of it and the stored one
 * @param next the next tick, for display, or null if none is left
 * @param job  the job to insert (unique by schedule and tick, in every state), or null when the tick
 *             is skipped
 */
public record CronFire(String name, Instant tick, @Nullable Instant next, @Nullable NewJob job) {}
