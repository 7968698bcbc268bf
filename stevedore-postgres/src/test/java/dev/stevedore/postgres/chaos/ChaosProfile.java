package dev.stevedore.postgres.chaos;

import java.time.Duration;

/**
 * The size of a chaos run and of its disruptions. {@link #SHORT} runs in CI ({@code ChaosTest}),
 * {@link #LONG} on demand ({@code bin/chaos}); each figure can be overridden with a system property
 * {@code stevedore.chaos.<name>} (durations in seconds).
 *
 * @param jobs            jobs the suite enqueues (a twentieth of them unique, enqueued twice each)
 * @param workers         worker JVMs running at once
 * @param kills           {@code kill -9}s spread over the chaos window, each followed by a new worker
 * @param window          how long the disruptions are spread over, from the moment the workers are up
 * @param longTransaction how long the transaction holding row locks and a snapshot stays open
 * @param restartDown     how long PostgreSQL stays down when it is restarted
 * @param skew            how far one node's Stevedore clock is off (positive: ahead)
 * @param rescueAfter     the workers' rescue window
 * @param ratePerSecond   the rate limit of the rated jobs, starts per second cluster-wide
 * @param slowMillis      the longest a slow job takes
 * @param drainDeadline   how long, after the window, the jobs get to finish before the run gives up
 */
record ChaosProfile(int jobs, int workers, int kills, Duration window, Duration longTransaction, Duration restartDown,
                    Duration skew, Duration rescueAfter, int ratePerSecond, int slowMillis, Duration drainDeadline) {
    /** The CI variant: about a minute and a half on a 2-core machine. */
    static final ChaosProfile SHORT = new ChaosProfile(3_000, 3, 6, Duration.ofSeconds(40), Duration.ofSeconds(10),
            Duration.ofSeconds(3), Duration.ofSeconds(90), Duration.ofSeconds(3), 4, 1_000, Duration.ofSeconds(60));
    /** The figures: 100,000 jobs, at least 20 kills, a transaction held open for a minute. */
    static final ChaosProfile LONG = new ChaosProfile(100_000, 3, 24, Duration.ofMinutes(12), Duration.ofMinutes(1),
            Duration.ofSeconds(5), Duration.ofSeconds(90), Duration.ofSeconds(5), 8, 1_000, Duration.ofMinutes(30));

    /** The named profile ({@code short} or {@code long}) with the system properties' overrides. */
    static ChaosProfile named(String name) {
        ChaosProfile base = switch (name) {
            case "short" -> SHORT;
            case "long" -> LONG;
            default -> throw new IllegalArgumentException("chaos profile must be short or long, was '" + name + "'");
        };
        return new ChaosProfile(integer("jobs", base.jobs), integer("workers", base.workers), integer("kills", base.kills),
                seconds("window", base.window), seconds("longTransaction", base.longTransaction),
                seconds("restartDown", base.restartDown), seconds("skew", base.skew),
                seconds("rescueAfter", base.rescueAfter), integer("ratePerSecond", base.ratePerSecond),
                integer("slowMillis", base.slowMillis), seconds("drainDeadline", base.drainDeadline));
    }

    private static int integer(String name, int otherwise) {
        String value = System.getProperty("stevedore.chaos." + name);
        return value == null ? otherwise : Integer.parseInt(value.strip());
    }

    private static Duration seconds(String name, Duration otherwise) {
        String value = System.getProperty("stevedore.chaos." + name);
        return value == null ? otherwise : Duration.ofSeconds(Long.parseLong(value.strip()));
    }
}
