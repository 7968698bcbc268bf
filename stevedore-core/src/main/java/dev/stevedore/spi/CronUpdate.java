package dev.stevedore.spi;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Puts a definition in force for a stored schedule. SPI record.
 *
 * <p>When the expression or zone changes, the schedule restarts from the store's now: ticks of the old
 * definition that were not handled yet are not caught up.
 *
 * @param name       the schedule
 * @param expression the expression, already validated
 * @param zone       the zone id
 * @param next       the next tick of the new definition, for display, or null if none is left
 * @param origin     who decides: an operator's edit is kept over later declarations from code until
 *                   an update with origin {@link Origin#CODE} (a reset) clears it
 */
public record CronUpdate(String name, String expression, String zone, @Nullable Instant next, Origin origin) {
    /** Where a definition comes from. */
    public enum Origin {
        /** A runtime edit: kept over declarations from code. */
        OPERATOR,
        /** The code's declaration (a reset): the schedule follows its declaration again. */
        CODE
    }

    public CronUpdate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(origin, "origin");
    }
}
