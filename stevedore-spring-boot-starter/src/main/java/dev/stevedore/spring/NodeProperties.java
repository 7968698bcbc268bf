package dev.stevedore.spring;

import dev.stevedore.StevedoreBuilder;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Map;

/**
 * Applies the {@code stevedore.*} properties to a builder. The builder checks every value; its
 * message is prefixed here with the property that carried the value, so a bad setting names its key.
 */
final class NodeProperties {
    private static final String P = StevedoreProperties.PREFIX + ".";

    private NodeProperties() {}

    /** Everything but the cron schedules, which need the handlers' kinds (see {@link #applyCron}). */
    static void apply(StevedoreProperties p, StevedoreBuilder b) {
        at("shutdown-grace", () -> b.shutdownGrace(p.getShutdownGrace()));
        at("interrupt-grace", () -> b.interruptGrace(p.getInterruptGrace()));
        at("poll-interval", () -> b.pollInterval(p.getPollInterval()));
        at("default-max-attempts", () -> b.defaultMaxAttempts(p.getDefaultMaxAttempts()));
        at("default-timeout", () -> b.defaultTimeout(p.getDefaultTimeout()));
        at("heartbeat", () -> b.heartbeat(p.getHeartbeat().getInterval(), p.getHeartbeat().getRescueAfter()));
        RetentionProperties retention = p.getRetention();
        at("retention", () -> b.retention(retention.getCompleted(), retention.getFailed()));
        at("retention.failures", () -> b.failureRetention(retention.getFailures()));
        at("retention.alerts", () -> b.alertRetention(retention.getAlerts()));
        at("retention", () -> b.statsRetention(retention.getStatsMinutes(), retention.getStatsHours()));
        if (p.getNodeId() != null) {
            at("node-id", () -> b.nodeId(p.getNodeId()));
        }
        if (p.getNodeConcurrency() != null) {
            at("node-concurrency", () -> b.nodeConcurrency(p.getNodeConcurrency()));
        }
        if (!p.getRedact().isEmpty()) {
            at("redact", () -> b.redact(p.getRedact().toArray(String[]::new)));
        }
        if (p.getQueues().isEmpty()) {
            b.queue(StevedoreBuilder.DEFAULT_QUEUE);
        }
        p.getQueues().forEach((name, queue) -> at("queues." + name, () -> b.queue(name,
                q -> q.concurrency(queue.getConcurrency()).latencyTarget(queue.getLatencyTarget()))));
    }

    /** The cron schedules: each names a kind registered in {@code kinds}, whose record its JSON args decode into. */
    static void applyCron(StevedoreProperties p, StevedoreBuilder b, Map<String, Class<? extends Record>> kinds) {
        p.getCron().forEach((name, cron) -> {
            String key = "cron." + name;
            String expression = required(key + ".expression", cron.getExpression());
            String kind = required(key + ".kind", cron.getKind());
            Class<? extends Record> type = kinds.get(kind);
            if (type == null) {
                throw new IllegalArgumentException(P + key + ".kind: no handler in this application handles \"" + kind
                        + "\"; handled kinds: " + kinds.keySet());
            }
            Record args = CronArgs.decode(P + key + ".args", cron.getArgs(), type);
            ZoneId zone;
            try {
                zone = ZoneId.of(cron.getZone());
            } catch (DateTimeException e) {
                throw new IllegalArgumentException(P + key + ".zone: " + e.getMessage(), e);
            }
            at(key, () -> b.cron(name, expression, args, c -> c.zone(zone).overlap(cron.getOverlap())));
        });
    }

    private static String required(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(P + key + " is required");
        }
        return value;
    }

    private static void at(String key, Runnable setting) {
        try {
            setting.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(P + key + ": " + e.getMessage(), e);
        }
    }
}
