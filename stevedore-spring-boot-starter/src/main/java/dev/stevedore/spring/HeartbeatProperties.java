package dev.stevedore.spring;

import java.time.Duration;

/** {@code stevedore.heartbeat.*}: how often this node beats, and when a silent node's jobs are rescued. */
public class HeartbeatProperties {
    /** How often this node heartbeats, 50ms..5m. */
    private Duration interval = Duration.ofSeconds(5);

    /** After how long without a heartbeat a node's running jobs are rescued; at least three intervals. */
    private Duration rescueAfter = Duration.ofSeconds(30);

    public Duration getInterval() { return interval; }
    public void setInterval(Duration interval) { this.interval = interval; }
    public Duration getRescueAfter() { return rescueAfter; }
    public void setRescueAfter(Duration rescueAfter) { this.rescueAfter = rescueAfter; }
}
