package dev.stevedore;

import java.time.ZoneId;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Options of one cron schedule, given where it is declared:
 * {@code c -> c.zone(ZoneId.of("Europe/Paris")).overlap(CronOptions.Overlap.SKIP).catchUp(CatchUp.last())}.
 */
public final class CronOptions {
    /** What a tick does while the job of an earlier tick has not finished. */
    public enum Overlap {
        /** Enqueue anyway: runs may overlap (the default). */
        ALLOW,
        /** Skip the tick: at most one unfinished job of the schedule at a time. */
        SKIP,
        /**
         * Queue one run: the tick waits and is enqueued once the running job finishes; further ticks
         * are skipped while one waits. Runs never overlap and the latest work is not lost.
         */
        QUEUE_ONE
    }

    /** The largest {@link #pauseAfterFailures(int)}. */
    public static final int MAX_PAUSE_AFTER_FAILURES = 1000;

    ZoneId zone = ZoneId.of("UTC");
    Overlap overlap = Overlap.ALLOW;
    CatchUp catchUp = CatchUp.none();
    Consumer<JobOptions> jobOptions = o -> {};
    int pauseAfterFailures;

    CronOptions() {}

    /** The zone the expression's fields are read in (daylight saving included). Default: UTC. */
    public CronOptions zone(ZoneId zone) {
        this.zone = Objects.requireNonNull(zone, "zone");
        return this;
    }

    /** Default: {@link Overlap#ALLOW}. */
    public CronOptions overlap(Overlap overlap) {
        this.overlap = Objects.requireNonNull(overlap, "overlap");
        return this;
    }

    /** Default: {@link CatchUp#none()}. */
    public CronOptions catchUp(CatchUp catchUp) {
        this.catchUp = Objects.requireNonNull(catchUp, "catchUp");
        return this;
    }

    /**
     * Disables the schedule when {@code runs} runs in a row ended {@code discarded} (out of attempts,
     * or a permanent error); a completed run resets the count, a cancelled one leaves it. The
     * schedule then shows {@link CronSchedule#disabled()} with the reason until an operator
     * {@linkplain CronControl#enable(String) enables} it. 1..{@value #MAX_PAUSE_AFTER_FAILURES};
     * default: never.
     */
    public CronOptions pauseAfterFailures(int runs) {
        this.pauseAfterFailures = Names.checkRange("pauseAfterFailures", runs, 1, MAX_PAUSE_AFTER_FAILURES);
        return this;
    }

    /** Options of every job the schedule enqueues (queue, priority, attempts, timeout, tags…). */
    public CronOptions job(Consumer<JobOptions> options) {
        this.jobOptions = Objects.requireNonNull(options, "options");
        return this;
    }
}
