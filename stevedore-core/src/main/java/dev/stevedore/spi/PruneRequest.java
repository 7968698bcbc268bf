package dev.stevedore.spi;

import java.time.Duration;

/**
 * Prune parameters. SPI record.
 *
 * @param completedRetention completed jobs finished longer ago than this are deleted
 * @param failedRetention    discarded and cancelled jobs finished longer ago than this are deleted
 * @param limit              the most rows to delete in one call
 */
public record PruneRequest(Duration completedRetention, Duration failedRetention, int limit) {}
