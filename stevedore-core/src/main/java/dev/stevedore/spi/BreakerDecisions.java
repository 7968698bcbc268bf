package dev.stevedore.spi;

import dev.stevedore.BreakerState;
import dev.stevedore.BreakerState.Status;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How a breaker's status follows from what it counted: the same for every store. Pure; a store reads
 * the breaker row and its window under the row's lock, adds the report, calls {@link #next}, and writes
 * the result (clearing the window when the status changed, so a closed breaker starts counting afresh).
 */
public final class BreakerDecisions {
    private BreakerDecisions() {}

    /**
     * The breaker's status after a report.
     *
     * @param current      the stored state
     * @param probeJobId   the job the store admitted as the current probe, if half-open
     * @param probeAttempt that job's attempt
     * @param successes    successes in the window, this report included
     * @param failures     counted failures in the window, this report included
     */
    public static BreakerState next(BreakerState current, @Nullable Long probeJobId, int probeAttempt, long successes,
                                    long failures, BreakerReport report, Instant now) {
        BreakerRule rule = report.rule();
        if (current.status() == Status.HALF_OPEN && probeJobId != null) {
            for (BreakerReport.Probe probe : report.probes()) {
                if (probe.jobId() == probeJobId && probe.attempt() == probeAttempt) {
                    return probe.succeeded()
                            ? new BreakerState(current.name(), Status.CLOSED, now, null, "probe job " + probeJobId + " succeeded")
                            : open(current.name(), now, rule, "probe job " + probeJobId + " failed");
                }
            }
        }
        if (current.status() != Status.CLOSED) {
            return current;
        }
        long calls = successes + failures;
        if (rule.failures() > 0 && failures >= rule.failures()) {
            return open(current.name(), now, rule, failures + " failures within " + human(rule.window())
                    + " (" + failures + " of " + calls + " calls)");
        }
        if (rule.failureRate() > 0 && calls >= rule.minCalls() && calls > 0 && (double) failures / calls >= rule.failureRate()) {
            return open(current.name(), now, rule, Math.round(100.0 * failures / calls) + "% of " + calls
                    + " calls failed within " + human(rule.window()));
        }
        return current;
    }

    private static BreakerState open(String name, Instant now, BreakerRule rule, String reason) {
        return new BreakerState(name, Status.OPEN, now, now.plus(rule.coolDown()),
                reason + "; open for " + human(rule.coolDown()));
    }

    private static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
