package dev.stevedore.spi;

import java.util.Objects;

/**
 * A node asking for a lease of rate tokens: starts of one rate key that it may make without asking
 * again, in the store's current slot of that key's window. SPI record.
 *
 * @param limit      the rate limit (its {@link LimitKey#rate()} is above 0)
 * @param wanted     how many starts the node would like to make; the store grants at most this many
 * @param returnSlot the slot of an earlier lease whose tokens were not all used, or -1
 * @param returned   how many of that lease's tokens were not used: they no longer count as starts
 */
public record RateAsk(LimitKey limit, int wanted, long returnSlot, int returned) {
    public RateAsk {
        Objects.requireNonNull(limit, "limit");
        if (limit.rate() <= 0) {
            throw new IllegalArgumentException("a rate lease needs a rate limit, was " + limit);
        }
        if (wanted < 0 || returned < 0) {
            throw new IllegalArgumentException("wanted and returned must not be negative, were " + wanted + "/" + returned);
        }
    }

    /** An ask returning nothing. */
    public RateAsk(LimitKey limit, int wanted) {
        this(limit, wanted, -1, 0);
    }
}
