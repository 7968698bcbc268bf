package dev.stevedore;

/**
 * The recent pace of one queue on this node: how long its claims take and how long its jobs run, as
 * exponentially weighted moving averages. From these, {@link #startsPerClaim(int)} tells how many jobs
 * the queue will start while one claim is in flight, which is how far ahead the producer may claim.
 *
 * <p>Updates come from many job threads; they are serialised by the monitor (an uncontended lock costs
 * a few nanoseconds, far below a job's own cost), and readers may see a slightly stale average, which
 * is harmless for a sizing hint.
 */
final class Pace {
    /** Weight of the newest sample: about the last 20 samples dominate. */
    private static final double ALPHA = 0.05;

    private double claimNanos;
    private double runNanos;

    synchronized void claimed(long nanos) {
        claimNanos = claimNanos == 0 ? nanos : claimNanos + ALPHA * (nanos - claimNanos);
    }

    synchronized void ran(long nanos) {
        long sample = Math.max(1, nanos);
        runNanos = runNanos == 0 ? sample : runNanos + ALPHA * (sample - runNanos);
    }

    /**
     * Jobs that {@code slots} busy slots finish, and so start, during one claim: slots × claim time ÷ run
     * time, rounded down. Zero until both have been seen, and zero for jobs that run longer than a claim
     * takes spread over all slots: those are never claimed ahead.
     */
    synchronized double startsPerClaim(int slots) {
        if (claimNanos == 0 || runNanos == 0) {
            return 0;
        }
        return Math.floor(slots * claimNanos / runNanos);
    }
}
