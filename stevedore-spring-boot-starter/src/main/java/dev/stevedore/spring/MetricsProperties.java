package dev.stevedore.spring;

import java.time.Duration;

/** {@code stevedore.metrics.*}: the node's Micrometer meters (see docs/metrics.md). */
public class MetricsProperties {
    /** Whether to publish meters to the application's MeterRegistry when it has exactly one. */
    private boolean enabled = true;

    /** How often the store-backed gauges (queue depth, nodes, breakers) are read again, 100ms..10m. */
    private Duration gaugeRefresh = Duration.ofSeconds(10);

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public Duration getGaugeRefresh() { return gaugeRefresh; }
    public void setGaugeRefresh(Duration gaugeRefresh) { this.gaugeRefresh = gaugeRefresh; }
}
