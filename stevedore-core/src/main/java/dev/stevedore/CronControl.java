package dev.stevedore;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * Cron schedules at runtime, for every node at once: {@link Stevedore#cron()}.
 *
 * <pre>{@code
 * stevedore.cron().update("nightly-report", "30 4 * * *");  // stored: the leader obeys it from its next check
 * stevedore.cron().disable("nightly-report", "warehouse migration tonight");
 * stevedore.cron().enable("nightly-report");
 * stevedore.cron().runNow("nightly-report");
 * stevedore.cron().backfill("nightly-report", Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-08T00:00:00Z"));
 * }</pre>
 *
 * <p>Changes are stored, so they hold on every node and across restarts. An edited expression or
 * zone wins over the code's declaration until {@link #reset(String)}: a node that starts with the old
 * code does not undo it. Schedules are created only by declaring them in code
 * ({@link StevedoreBuilder#cron}); a name no node has declared yet fails with
 * {@link IllegalArgumentException}. See docs/cron.md.
 */
public interface CronControl {
    /** The largest number of ticks one {@link #backfill} enqueues. */
    int MAX_BACKFILL_TICKS = 1000;

    /** Every stored schedule, by name. */
    List<CronSchedule> list();

    /** One stored schedule. */
    Optional<CronSchedule> get(String name);

    /** Changes the schedule's expression, keeping its zone; see {@link #update(String, String, ZoneId)}. */
    CronSchedule update(String name, String expression);

    /**
     * Changes the schedule's expression and zone for every node. It restarts from now: ticks of the
     * old definition that were not handled yet are dropped, and catch-up never reaches back before the
     * edit. The edit stays in force over the code's declaration until {@link #reset(String)}.
     *
     * @throws IllegalArgumentException for an invalid expression or an unknown schedule
     */
    CronSchedule update(String name, String expression, ZoneId zone);

    /** Drops a runtime edit: the schedule follows its declaration in code again, restarting from now. */
    CronSchedule reset(String name);

    /** {@link #disable(String, String)} with the reason "disabled by an operator". */
    CronSchedule disable(String name);

    /**
     * Stops firing the schedule's ticks, on every node, until {@link #enable(String)}; a tick queued
     * behind a running job is dropped. Jobs already enqueued are left alone (pause or clear their queue
     * for that). Disabling a disabled schedule keeps its first reason.
     */
    CronSchedule disable(String name, String reason);

    /**
     * Fires the schedule's ticks again, from now on: ticks that passed while it was disabled are not
     * caught up. Its count of consecutive failures restarts at zero.
     */
    CronSchedule enable(String name);

    /**
     * Enqueues the schedule's job now, whatever its expression, overlap policy or enabled state say. It
     * counts as the schedule's latest run (so {@code SKIP} and {@code QUEUE_ONE} wait for it, and its
     * outcome counts towards {@link CronOptions#pauseAfterFailures}). The job carries metadata
     * {@code stevedore.cron.trigger=run-now}. This node must declare the schedule in code: the job's
     * arguments and options come from there.
     */
    Enqueued runNow(String name);

    /**
     * Enqueues a job for every tick of the schedule's expression in force in {@code [from, to)} that has
     * no job yet: a tick already fired (in any state, until its job is pruned) or backfilled is not
     * enqueued again, so overlapping backfills and real ticks never duplicate. The jobs run now, oldest
     * tick first, carry the same metadata as fired ticks plus {@code stevedore.cron.trigger=backfill},
     * and do not count as runs for overlap or failure pauses. Runs whether or not the schedule is
     * enabled. This node must declare the schedule in code.
     *
     * @throws IllegalArgumentException when {@code from} is not before {@code to}, {@code to} is after
     *                                  the store's now, or the range holds more than
     *                                  {@value #MAX_BACKFILL_TICKS} ticks (split it)
     */
    CronBackfill backfill(String name, Instant from, Instant to);
}
