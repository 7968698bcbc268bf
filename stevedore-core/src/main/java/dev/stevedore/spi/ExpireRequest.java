package dev.stevedore.spi;

/**
 * What {@link Store#jobExpire} needs. SPI record.
 *
 * @param expiredBy the node sweeping (the leader), named in the errors it records
 * @param limit     at most this many jobs per kind of deadline in one call; ≥ 1
 */
public record ExpireRequest(String expiredBy, int limit) {}
