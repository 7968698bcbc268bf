package dev.stevedore.spi;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A run of a cron schedule outside the tick it belongs to: an operator's run-now, or the tick that
 * waited for the running job (overlap "queue one") and is released now. SPI record.
 *
 * <p>The store inserts the job as {@link Store#jobInsertUnique} does and, if it was inserted, tracks it
 * as the schedule's latest run; a released tick is cleared from the schedule whether or not the insert
 * found a duplicate (then another leader released it first). One transaction. The schedule's latest
 * handled tick does not move.
 *
 * @param name       the schedule
 * @param job        the job, with a unique key
 * @param queuedTick the queued tick this releases, or null for a run-now
 */
public record CronEnqueue(String name, NewJob job, @Nullable Instant queuedTick) {
    public CronEnqueue {
        Objects.requireNonNull(name, "name");
        if (Objects.requireNonNull(job, "job").unique() == null) {
            throw new IllegalArgumentException("a cron run's job needs a unique key");
        }
    }
}
