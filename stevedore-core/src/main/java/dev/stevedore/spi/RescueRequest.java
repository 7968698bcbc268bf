package dev.stevedore.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

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
 */
public record RescueRequest(Duration nodeTimeout, Duration retryIn, String rescuedBy, int limit, Scope scope,
                            Set<Long> held) {

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

    /** A rescue of the jobs of silent nodes. */
    public RescueRequest(Duration nodeTimeout, Duration retryIn, String rescuedBy, int limit) {
        this(nodeTimeout, retryIn, rescuedBy, limit, Scope.SILENT_NODES, Set.of());
    }
}
