package dev.stevedore.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * The {@code stevedore.*} properties of a Spring Boot application: the store, the queues this node
 * runs, cron schedules, retention, metrics, health and the dashboard. Each option's default is that of
 * the {@link dev.stevedore.StevedoreBuilder} setter it feeds unless its own Javadoc says otherwise, and
 * the setter's Javadoc gives its valid range; a
 * value out of range fails startup with the builder's message. A key under {@code stevedore.} that
 * none of these bind fails startup too, naming the nearest known key (see docs/spring-boot.md).
 */
@ConfigurationProperties(prefix = StevedoreProperties.PREFIX)
public class StevedoreProperties {
    /** The prefix of every property. */
    public static final String PREFIX = "stevedore";

    /** Whether to create a Stevedore node at all. */
    private boolean enabled = true;

    /**
     * Whether the node starts running jobs when the application context starts. Without it the node
     * only enqueues (a web front end, say) until something calls {@code start()}.
     */
    private boolean autostart = true;

    /** This node's id, 1..128 characters; default the host name, process id and a random suffix. */
    private @Nullable String nodeId;

    /** Caps the jobs running at once on this node across all its queues, 1..10000; default no cap. */
    private @Nullable Integer nodeConcurrency;

    /**
     * How long shutdown waits for running jobs before interrupting them, 0..1h. 20s here (the builder's
     * is 25s) so that with the interrupt grace it fits Spring's default shutdown phase of 30s.
     */
    private Duration shutdownGrace = Duration.ofSeconds(20);

    /** How long an interrupted job may take to stop before its thread is abandoned, 0..10m. */
    private Duration interruptGrace = Duration.ofSeconds(10);

    /** How often a queue checks for work when no notification arrives, 10ms..1h. */
    private Duration pollInterval = Duration.ofSeconds(1);

    /** Attempts for kinds that set none, 1..1000. */
    private int defaultMaxAttempts = 20;

    /** Per-attempt timeout for kinds that set none. */
    private Duration defaultTimeout = Duration.ofMinutes(30);

    /** JSON fields of job arguments replaced by "[redacted]" in failure records: a name, or a dotted path. */
    private List<String> redact = new ArrayList<>();

    /** Where the jobs are stored. */
    @NestedConfigurationProperty
    private StoreProperties store = new StoreProperties();

    /** The queues this node runs, by name; none configured means the queue "default" with its defaults. */
    private Map<String, QueueProperties> queues = new LinkedHashMap<>();

    /** Cron schedules by name; each enqueues a job of a kind handled in this application. */
    private Map<String, CronProperties> cron = new LinkedHashMap<>();

    /** How long finished jobs, failure records, alerts and statistics are kept. */
    @NestedConfigurationProperty
    private RetentionProperties retention = new RetentionProperties();

    /** Heartbeats and the rescue of jobs whose node stopped beating. */
    @NestedConfigurationProperty
    private HeartbeatProperties heartbeat = new HeartbeatProperties();

    /** Micrometer meters, bound to the application's MeterRegistry when there is one. */
    @NestedConfigurationProperty
    private MetricsProperties metrics = new MetricsProperties();

    /** What the Actuator health indicator "stevedore" reports as down. */
    @NestedConfigurationProperty
    private HealthProperties health = new HealthProperties();

    /** The web dashboard on a port of its own. */
    @NestedConfigurationProperty
    private DashboardProperties dashboard = new DashboardProperties();

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public boolean isAutostart() { return autostart; }
    public void setAutostart(boolean autostart) { this.autostart = autostart; }
    public @Nullable String getNodeId() { return nodeId; }
    public void setNodeId(@Nullable String nodeId) { this.nodeId = nodeId; }
    public @Nullable Integer getNodeConcurrency() { return nodeConcurrency; }
    public void setNodeConcurrency(@Nullable Integer nodeConcurrency) { this.nodeConcurrency = nodeConcurrency; }
    public Duration getShutdownGrace() { return shutdownGrace; }
    public void setShutdownGrace(Duration shutdownGrace) { this.shutdownGrace = shutdownGrace; }
    public Duration getInterruptGrace() { return interruptGrace; }
    public void setInterruptGrace(Duration interruptGrace) { this.interruptGrace = interruptGrace; }
    public Duration getPollInterval() { return pollInterval; }
    public void setPollInterval(Duration pollInterval) { this.pollInterval = pollInterval; }
    public int getDefaultMaxAttempts() { return defaultMaxAttempts; }
    public void setDefaultMaxAttempts(int defaultMaxAttempts) { this.defaultMaxAttempts = defaultMaxAttempts; }
    public Duration getDefaultTimeout() { return defaultTimeout; }
    public void setDefaultTimeout(Duration defaultTimeout) { this.defaultTimeout = defaultTimeout; }
    public List<String> getRedact() { return redact; }
    public void setRedact(List<String> redact) { this.redact = redact; }
    public StoreProperties getStore() { return store; }
    public void setStore(StoreProperties store) { this.store = store; }
    public Map<String, QueueProperties> getQueues() { return queues; }
    public void setQueues(Map<String, QueueProperties> queues) { this.queues = queues; }
    public Map<String, CronProperties> getCron() { return cron; }
    public void setCron(Map<String, CronProperties> cron) { this.cron = cron; }
    public RetentionProperties getRetention() { return retention; }
    public void setRetention(RetentionProperties retention) { this.retention = retention; }
    public HeartbeatProperties getHeartbeat() { return heartbeat; }
    public void setHeartbeat(HeartbeatProperties heartbeat) { this.heartbeat = heartbeat; }
    public MetricsProperties getMetrics() { return metrics; }
    public void setMetrics(MetricsProperties metrics) { this.metrics = metrics; }
    public HealthProperties getHealth() { return health; }
    public void setHealth(HealthProperties health) { this.health = health; }
    public DashboardProperties getDashboard() { return dashboard; }
    public void setDashboard(DashboardProperties dashboard) { this.dashboard = dashboard; }
}
