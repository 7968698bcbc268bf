package dev.stevedore.spi;

import java.time.Duration;

/**
 * What a node declares about one queue it serves, sent with its heartbeat so that any node (or the
 * CLI) can judge the queue's health with the cluster's own figures. SPI record.
 *
 * @param concurrency   jobs of the queue this node runs at once (its slots)
 * @param latencyTarget how long a ready job of the queue may wait before the queue counts as late
 */
public record QueueSettings(int concurrency, Duration latencyTarget) {}
