package dev.stevedore;

import java.time.Instant;
import java.util.function.Consumer;

/** A schedule declared in code: what to enqueue at each tick of an expression, and the policies. */
record CronEntry(String name, CronExpression expression, Record args, CronOptions options) {
    /** Longest schedule name. */
    static final int MAX_NAME_LENGTH = 200;

    static String checkName(String name) {
        return Names.checkText("cron schedule name", name, MAX_NAME_LENGTH);
    }

    /** The options of the job enqueued for {@code tick}: the schedule's own, then its bookkeeping. */
    Consumer<JobOptions> jobOptionsFor(Instant tick) {
        return tickOptions(tick, Trigger.TICK);
    }

    /** The options of a backfilled tick's job: the same key as the tick's own job, so never both. */
    Consumer<JobOptions> backfillOptionsFor(Instant tick) {
        return tickOptions(tick, Trigger.BACKFILL);
    }

    /** The options of a run-now's job; {@code request} tells runs apart (a run-now is never a duplicate). */
    Consumer<JobOptions> runNowOptions(String request) {
        return o -> {
            options.jobOptions.accept(o);
            o.meta(CronScheduler.META_SCHEDULE, name);
            o.meta(CronScheduler.META_TRIGGER, Trigger.RUN_NOW.label);
            o.unique(u -> u.byKey("cron\u0000" + name + "\u0000run-now\u0000" + request).states(JobState.values()));
        };
    }

    private Consumer<JobOptions> tickOptions(Instant tick, Trigger trigger) {
        return o -> {
            options.jobOptions.accept(o);
            o.meta(CronScheduler.META_SCHEDULE, name);
            o.meta(CronScheduler.META_TICK, tick.toString());
            o.meta(CronScheduler.META_TRIGGER, trigger.label);
            // Blocking in every state: a tick's job, once inserted, is never inserted again, even
            // after it completed, failed or was cancelled.
            o.unique(u -> u.byKey("cron\u0000" + name + "\u0000" + tick).states(JobState.values()));
        };
    }

    /** Why a schedule's job was enqueued: metadata {@value CronScheduler#META_TRIGGER}. */
    enum Trigger {
        TICK("tick"), RUN_NOW("run-now"), BACKFILL("backfill");

        final String label;

        Trigger(String label) {
            this.label = label;
        }
    }
}
