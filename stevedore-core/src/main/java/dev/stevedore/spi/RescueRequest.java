package dev.stevedore.spi;

import java.time.Duration;

/**
 * Rescue parameters. SPI record.
 *
 * @param nodeTimeout a node whose heartbeat is older than this is presumed dead
 * @param retryIn     delay before a rescued job is due again
 * @param rescuedBy   the node doing the rescue, recorded in the appended error
 * @param limit       the most jobs to rescue in one call
 */
public record RescueRequest(Duration nodeTimeout, Duration retryIn, String rescuedBy, int limit) {}
