package dev.stevedore;

import java.time.Duration;

/**
 * The Micrometer binding a node was built with.
 *
 * @param registry     an {@code io.micrometer.core.instrument.MeterRegistry}, typed {@code Object} so
 *                     that core loads without Micrometer on the class path (an optional dependency)
 * @param gaugeRefresh how often the store-backed gauges (queue depth, nodes, breakers) are read again
 */
record MeterSettings(Object registry, Duration gaugeRefresh) {
    /** Default gauge refresh: a queue-count query every 10 s per node, whatever the scrape rate. */
    static final Duration DEFAULT_GAUGE_REFRESH = Duration.ofSeconds(10);
    static final Duration MIN_GAUGE_REFRESH = Duration.ofMillis(100);
    static final Duration MAX_GAUGE_REFRESH = Duration.ofMinutes(10);
}
