package dev.stevedore;

import java.time.Duration;

/**
 * What a cron schedule does with ticks it missed while no node was running it (downtime, a long
 * leader failover). Set with {@link CronOptions#catchUp(CatchUp)}; default {@link #none()}.
 */
public final class CatchUp {
    /** How late a tick may still fire under {@link #none()}: covers a leader failover, not downtime. */
    public static final Duration ON_TIME_GRACE = Duration.ofMinutes(1);
    /** The largest cap {@link #all(int)} accepts. */
    public static final int MAX_TICKS = 1000;

    private final int maxTicks;
    private final boolean onlyOnTime;

    private CatchUp(int maxTicks, boolean onlyOnTime) {
        this.maxTicks = maxTicks;
        this.onlyOnTime = onlyOnTime;
    }

    /** Missed ticks are dropped; a tick fires only up to {@link #ON_TIME_GRACE} late. */
    public static CatchUp none() {
        return new CatchUp(1, true);
    }

    /** The most recent missed tick fires once, however late; older ones are dropped. */
    public static CatchUp last() {
        return new CatchUp(1, false);
    }

    /** Every missed tick fires, oldest first, but at most the latest {@code maxTicks} (1..1000). */
    public static CatchUp all(int maxTicks) {
        if (maxTicks < 1 || maxTicks > MAX_TICKS) {
            throw new IllegalArgumentException("catch-up cap must be in [1, " + MAX_TICKS + "], was " + maxTicks);
        }
        return new CatchUp(maxTicks, false);
    }

    int maxTicks() {
        return maxTicks;
    }

    boolean onlyOnTime() {
        return onlyOnTime;
    }

    @Override
    public String toString() {
        return onlyOnTime ? "none" : maxTicks == 1 ? "last" : "all(" + maxTicks + ")";
    }
}
