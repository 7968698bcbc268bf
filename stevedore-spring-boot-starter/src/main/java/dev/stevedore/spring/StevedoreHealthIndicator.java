package dev.stevedore.spring;

import dev.stevedore.QueueHealth;
import dev.stevedore.Stevedore;
import dev.stevedore.spi.NodeInfo;
import dev.stevedore.spi.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The Actuator health indicator {@code stevedore}: DOWN when the store cannot be reached, when this
 * node runs but its heartbeat is older than the rescue threshold (its jobs are about to be rescued by
 * others), or when a queue it runs scores under {@code stevedore.health.min-queue-score}. A node that
 * only enqueues ({@code stevedore.autostart=false}, not started) is judged by its store alone. The details
 * give the node, its last heartbeat and each of its queues' score and recommendations.
 */
final class StevedoreHealthIndicator extends AbstractHealthIndicator {
    private final Stevedore node;
    private final Store store;
    private final StevedoreLifecycle lifecycle;
    private final StevedoreProperties properties;

    StevedoreHealthIndicator(Stevedore node, Store store, StevedoreLifecycle lifecycle, StevedoreProperties properties) {
        super("Stevedore health check failed");
        this.node = node;
        this.store = store;
        this.lifecycle = lifecycle;
        this.properties = properties;
    }

    /** A store that throws here leaves the indicator DOWN with the exception, by {@link AbstractHealthIndicator}. */
    @Override
    protected void doHealthCheck(Health.Builder health) {
        Instant now = store.now();
        List<String> problems = new ArrayList<>();
        health.withDetail("node", node.nodeId());
        if (lifecycle.isRunning()) {
            checkHeartbeat(health, now, problems);
        } else {
            health.withDetail("heartbeat", "not running jobs (enqueue only)");
        }
        Map<String, Object> queues = new LinkedHashMap<>();
        int minimum = properties.getHealth().getMinQueueScore();
        // One reading of every queue (a queue this node declares is always among them), then this node's.
        for (QueueHealth queueHealth : node.queueHealth()) {
            String queue = queueHealth.queue();
            if (!node.queueConcurrency().containsKey(queue)) {
                continue;
            }
            queues.put(queue, Map.of("score", queueHealth.score(), "recommendations", queueHealth.recommendations()));
            // An enqueue-only node runs none of them: other nodes' queues are theirs to judge.
            if (lifecycle.isRunning() && queueHealth.score() < minimum) {
                problems.add("queue " + queue + " scores " + queueHealth.score() + ", under " + minimum);
            }
        }
        health.withDetail("queues", queues);
        if (problems.isEmpty()) {
            health.up();
        } else {
            health.down().withDetail("problems", problems);
        }
    }

    private void checkHeartbeat(Health.Builder health, Instant now, List<String> problems) {
        Optional<NodeInfo> self = store.nodeList().stream().filter(n -> n.nodeId().equals(node.nodeId())).findFirst();
        Duration limit = properties.getHeartbeat().getRescueAfter();
        if (self.isEmpty()) {
            problems.add("no heartbeat stored for this node");
            return;
        }
        Duration age = Duration.between(self.get().heartbeatAt(), now);
        health.withDetail("heartbeat", self.get().heartbeatAt().toString());
        if (age.compareTo(limit) > 0) {
            problems.add("last heartbeat " + age.toSeconds() + " s ago, over the rescue threshold of " + limit.toSeconds() + " s");
        }
    }
}
