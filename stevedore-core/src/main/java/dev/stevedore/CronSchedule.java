package dev.stevedore;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A cron schedule as stored, for display: {@link CronControl#list()}.
 *
 * @param name                the schedule's name, unique
 * @param expression          the cron expression in force (the code's, or an operator's edit)
 * @param zone                the zone its fields are read in
 * @param lastTick            the latest tick handled (fired, queued or skipped), or null before the first
 * @param lastJobId           the job of the latest run (a fired tick or a run-now), or null before the first
 * @param lastJobState        that job's state now, or null if there is none (or it was pruned)
 * @param nextTick            the next tick as computed at the latest check, or null if none is left or
 *                            the schedule is disabled
 * @param edit                the operator's runtime edit in force, or null when the schedule follows its
 *                            declaration in code
 * @param disabled            when and why the schedule was disabled, or null while it is enabled
 * @param consecutiveFailures runs that ended discarded since the latest one that completed
 * @param lastOutcome         the latest run that finished, or null before the first
 * @param queuedTick          the tick waiting for the running job under {@link CronOptions.Overlap#QUEUE_ONE},
 *                            or null
 */
public record CronSchedule(String name, String expression, String zone, @Nullable Instant lastTick,
        @Nullable Long lastJobId, @Nullable JobState lastJobState, @Nullable Instant nextTick,
        @Nullable Edit edit, @Nullable Disabled disabled, int consecutiveFailures,
        @Nullable RunOutcome lastOutcome, @Nullable Instant queuedTick) {

    /** Whether the leader fires the schedule's ticks. */
    public boolean enabled() {
        return disabled == null;
    }

    /**
     * An operator's change of a schedule's definition at runtime ({@link CronControl#update}). It stays
     * in force over the code's declaration, on every node and across restarts, until
     * {@link CronControl#reset(String)}.
     *
     * @param at                 when it was made
     * @param declaredExpression the expression the code declares
     * @param declaredZone       the zone the code declares
     */
    public record Edit(Instant at, String declaredExpression, String declaredZone) {}

    /**
     * Why a schedule fires no ticks.
     *
     * @param at     when it was disabled
     * @param reason an operator's reason, or the failures that paused it ({@link CronOptions#pauseAfterFailures})
     */
    public record Disabled(Instant at, String reason) {}

    /**
     * How a run ended.
     *
     * @param jobId the run's job
     * @param state {@code COMPLETED}, {@code DISCARDED} or {@code CANCELLED}
     * @param at    when the job finished
     */
    public record RunOutcome(long jobId, JobState state, Instant at) {}
}
