package dev.stevedore;

import java.util.function.Consumer;

/** A schedule declared in code: what to enqueue at each tick of an expression, and the policies. */
record CronEntry(String name, CronExpression expression, Record args, CronOptions options) {
    /** Longest schedule name. */
    static final int MAX_NAME_LENGTH = 200;

    static String checkName(String name) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("cron schedule name must have 1.." + MAX_NAME_LENGTH
                    + " characters and not be blank, was " + (name == null ? "null" : "\"" + Names.printable(name) + "\""));
        }
        return name;
    }

    /** The options of the job enqueued for {@code tick}: the schedule's own, then its bookkeeping. */
    Consumer<JobOptions> jobOptionsFor(java.time.Instant tick) {
        return o -> {
            options.jobOptions.accept(o);
            o.meta(CronScheduler.META_SCHEDULE, name);
            o.meta(CronScheduler.META_TICK, tick.toString());
            // Blocking in every state: a tick's job, once inserted, is never inserted again, even
            // after it completed, failed or was cancelled.
            o.unique(u -> u.byKey("cron\u0000" + name + "\u0000" + tick).states(JobState.values()));
        };
    }
}
