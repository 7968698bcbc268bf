package dev.stevedore.spi;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The store's answer to a {@link RateAsk}. SPI record.
 *
 * @param key        the rate key
 * @param granted    starts the node may make before {@code validUntil}; they are counted already
 * @param slot       the slot they are counted in: what to name when returning unused ones
 * @param now        the store's clock when it granted
 * @param validUntil when the tokens lapse (the end of their slot, and never more than
 *                   {@link Admissions#MAX_LEASE} after {@code now}): a start after it would not be
 *                   counted in the slot it happens in
 * @param retryAt    when {@code granted} is below what was wanted: the earliest time worth asking again
 *                   (the end of a block, or when the oldest counted start leaves the window); else null
 */
public record RateGrant(String key, int granted, long slot, Instant now, Instant validUntil, @Nullable Instant retryAt) {}
