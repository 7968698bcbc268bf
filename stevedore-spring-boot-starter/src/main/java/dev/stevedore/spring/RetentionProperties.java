package dev.stevedore.spring;

import java.time.Duration;

/** {@code stevedore.retention.*}: how long the leader keeps rows before pruning them. */
public class RetentionProperties {
    /** Completed jobs, 0..3650d. */
    private Duration completed = Duration.ofDays(1);

    /** Discarded and cancelled jobs, 0..3650d. */
    private Duration failed = Duration.ofDays(7);

    /** Failure records (issues keep their counts), 1m..3650d. */
    private Duration failures = Duration.ofDays(14);

    /** Resolved alerts, 1m..3650d. */
    private Duration alerts = Duration.ofDays(90);

    /** Per-minute statistics (older minutes are summed into hours), 1h..90d. */
    private Duration statsMinutes = Duration.ofDays(2);

    /** Per-hour statistics, from the per-minute retention up to 3650d. */
    private Duration statsHours = Duration.ofDays(90);

    public Duration getCompleted() { return completed; }
    public void setCompleted(Duration completed) { this.completed = completed; }
    public Duration getFailed() { return failed; }
    public void setFailed(Duration failed) { this.failed = failed; }
    public Duration getFailures() { return failures; }
    public void setFailures(Duration failures) { this.failures = failures; }
    public Duration getAlerts() { return alerts; }
    public void setAlerts(Duration alerts) { this.alerts = alerts; }
    public Duration getStatsMinutes() { return statsMinutes; }
    public void setStatsMinutes(Duration statsMinutes) { this.statsMinutes = statsMinutes; }
    public Duration getStatsHours() { return statsHours; }
    public void setStatsHours(Duration statsHours) { this.statsHours = statsHours; }
}
