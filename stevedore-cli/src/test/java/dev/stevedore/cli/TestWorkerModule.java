package dev.stevedore.cli;

import dev.stevedore.JobKind;
import dev.stevedore.StevedoreBuilder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A worker module as an application jar would ship it; listed in META-INF/services of the test classes. */
public final class TestWorkerModule implements WorkerModule {
    /** Names greeted so far, for the test to watch. */
    static final List<String> GREETED = new CopyOnWriteArrayList<>();

    /** Set this system property to make the worker beat five times a second (tests of what beats do). */
    static final String FAST_HEARTBEAT = "cli-test.fast-heartbeat";

    /** This module's cron schedule. */
    static final String NIGHTLY = "cli-test.nightly";

    /** This module's circuit breaker, on a queue no test runs jobs in (so it never holds one back). */
    static final String BREAKER = "cli-test.payments-api";
    static final String BREAKER_QUEUE = "cli-test.payments";

    /** The job of this module. */
    @JobKind("cli-test.greet")
    public record Greet(String name) {}

    @Override
    public void configure(StevedoreBuilder builder) {
        builder.handle(Greet.class, (ctx, job) -> GREETED.add(job.name()))
                .pollInterval(java.time.Duration.ofMillis(100))
                // Once a year, so no test sees it fire by itself; `cron run` enqueues it on demand.
                .cron(NIGHTLY, "0 0 3 1 1 *", new Greet("nightly"))
                .breaker(BREAKER, b -> b.queue(BREAKER_QUEUE).openAfter(1, java.time.Duration.ofMinutes(1))
                        .coolDown(java.time.Duration.ofMinutes(5)));
        if (Boolean.getBoolean(FAST_HEARTBEAT)) {
            builder.heartbeat(java.time.Duration.ofMillis(200), java.time.Duration.ofSeconds(5));
        }
    }
}
