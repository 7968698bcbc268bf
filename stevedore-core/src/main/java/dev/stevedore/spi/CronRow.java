package dev.stevedore.spi;

import dev.stevedore.CronSchedule;
import dev.stevedore.JobState;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A stored cron schedule. SPI record.
 *
 * @param name                the schedule's name
 * @param expression          the expression in force: as declared, or as an operator edited it
 * @param zone                the zone id in force
 * @param lastTick            the latest tick handled; set to the declaration time for a new schedule
 * @param lastJobId           the job of the latest run (a fired tick or a run-now), or null
 * @param lastJobState        that job's current state, or null if none or pruned
 * @param nextTick            the next tick as last computed, or null
 * @param edit                the operator's runtime edit in force, with the code's declaration, or
 *                            null when the schedule follows its declaration
 * @param disabled            when and why the schedule was disabled, or null when enabled
 * @param consecutiveFailures runs that ended discarded since the last one that completed
 * @param lastOutcome         the latest run whose job finished, or null
 * @param queuedTick          the tick waiting for the running job (overlap "queue one"), or null
 */
public record CronRow(String name, String expression, String zone, @Nullable Instant lastTick,
        @Nullable Long lastJobId, @Nullable JobState lastJobState, @Nullable Instant nextTick,
        CronSchedule.@Nullable Edit edit, CronSchedule.@Nullable Disabled disabled, int consecutiveFailures,
        CronSchedule.@Nullable RunOutcome lastOutcome, @Nullable Instant queuedTick) {

    /** Whether the leader fires its ticks. */
    public boolean enabled() {
        return disabled == null;
    }

    /** The expression the code declares: the one in force unless an operator edited it. */
    public String declaredExpression() {
        return edit == null ? expression : edit.declaredExpression();
    }

    /** The zone the code declares. */
    public String declaredZone() {
        return edit == null ? zone : edit.declaredZone();
    }
}
