package dev.stevedore.spring;

import java.time.Duration;

/** {@code stevedore.queues.<name>.*}: one queue this node runs. */
public class QueueProperties {
    /** Jobs of this queue running at once on this node, 1..10000. */
    private int concurrency = dev.stevedore.QueueOptions.DEFAULT_CONCURRENCY;

    /** How long a ready job may wait to start before the queue counts as late in its health, 1s..7d. */
    private Duration latencyTarget = dev.stevedore.QueueOptions.DEFAULT_LATENCY_TARGET;

    public int getConcurrency() { return concurrency; }
    public void setConcurrency(int concurrency) { this.concurrency = concurrency; }
    public Duration getLatencyTarget() { return latencyTarget; }
    public void setLatencyTarget(Duration latencyTarget) { this.latencyTarget = latencyTarget; }
}
