package dev.stevedore.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Rescue parameters. SPI record.
 *
 * @param nodeTimeout with {@link Scope#SILENT_NODES}, a node whose heartbeat is older than this is presumed
 *                    dead; with {@link Scope#OWN_UNHELD}, only jobs claimed longer ago than this are taken
 * @param retryIn     delay before a rescued job is due again
 * @param rescuedBy   the node doing the rescue, recorded in the appended error
 * @param limit       the most jobs to rescue in one call
 * @param scope       whose running jobs are rescued
 * @param held        with {@link Scope#OWN_UNHELD}, the ids of the jobs the rescuer holds: never taken
 * @param crashLimit  when not null, each rescued job counts a crash and is quarantined at this limit (see
 *                    {@link CrashLimit}); null for a rescue that proves no crash (a claim whose answer was lost)
 * @param notAfter    when not null, the rescue takes nothing if the store's clock is past this instant when
 *                    it runs: the rescuer judged the other nodes' silence at a moment when it knew itself to
 *                    be heard, and a rescue delayed past that moment (waiting for a connection while the
 *                    database was away, say) would judge heartbeats that the outage itself made stale
 */
public record RescueRequest(Duration nodeTimeout, Duration retryIn, String rescuedBy, int limit, Scope scope,
                            Set<Long> held, @Nullable CrashLimit crashLimit, @Nullable Instant notAfter) {

    /** Whose running jobs a rescue takes. */
    public enum Scope {
        /**
         * Jobs of other nodes whose heartbeat is older than {@code nodeTimeout} (or that have no node row);
         * never the rescuer's own, which it knows are alive.
         */
        SILENT_NODES,
        /**
         * Jobs recorded as running under the rescuer's own node id that it does not hold, claimed longer
         * ago than {@code nodeTimeout}: a claim that committed although its answer was lost (the
         * connection broke during the commit), or, asked as a node starts, what an earlier process with
         * the same id left. Its heartbeat would keep them looking owned forever.
         */
        OWN_UNHELD
    }

    public RescueRequest {
        Objects.requireNonNull(nodeTimeout, "nodeTimeout");
        Objects.requireNonNull(retryIn, "retryIn");
        Objects.requireNonNull(rescuedBy, "rescuedBy");
        Objects.requireNonNull(scope, "scope");
        held = Set.copyOf(held);
    }

    /** A rescue that counts no crash. */
    public RescueRequest(Duration nodeTimeout, Duration retryIn, String rescuedBy, int limit, Scope scope,
                         Set<Long> held) {
        this(nodeTimeout, retryIn, rescuedBy, limit, scope, held, null, null);
    }

    /** The same rescue, counting a crash on each job it takes and quarantining at {@code limit}. */
    public RescueRequest countingCrashes(CrashLimit limit) {
        return new RescueRequest(nodeTimeout, retryIn, rescuedBy, this.limit, scope, held,
                Objects.requireNonNull(limit, "limit"), notAfter);
    }

    /** The same rescue, taking nothing if it runs after {@code instant} on the store's clock. */
    public RescueRequest notAfter(Instant instant) {
        return new RescueRequest(nodeTimeout, retryIn, rescuedBy, limit, scope, held, crashLimit,
                Objects.requireNonNull(instant, "instant"));
    }

    /** Whether a rescue running at {@code now} (the store's clock) comes too late to take anything. */
    public boolean tooLate(Instant now) {
        return notAfter != null && now.isAfter(notAfter);
    }

    /** A rescue of the jobs of silent nodes, counting no crash. */
    public RescueRequest(Duration nodeTimeout, Duration retryIn, String rescuedBy, int limit) {
        this(nodeTimeout, retryIn, rescuedBy, limit, Scope.SILENT_NODES, Set.of());
    }
}
