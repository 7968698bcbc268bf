package dev.stevedore;

import dev.stevedore.spi.NodeInfo;
import dev.stevedore.spi.QueueCount;
import dev.stevedore.spi.QueueLoad;
import dev.stevedore.spi.QueueSample;
import dev.stevedore.spi.QueueSettings;
import dev.stevedore.spi.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Reads what a queue's health is judged from and has {@link HealthScorer} score it. Reads the store a
 * fixed number of times per call plus one or two index-backed reads per queue: the statistics roll-ups,
 * the leader's samples, the grouped counts the status command and gauges use, nodes, pauses and (when
 * this node declares breakers) breakers once; {@link Store#queueLoad} per queue, and
 * {@link Store#failureCounts} for a queue whose roll-ups show failures. Never a count of job rows beyond
 * {@link Store#queueCounts()}.
 */
final class HealthReader {
    private final NodeConfig config;
    private final Store store;

    HealthReader(NodeConfig config) {
        this.config = config;
        this.store = config.store();
    }

    /** Every queue known: declared by this node, holding jobs, paused, or served by a live node. */
    List<QueueHealth> all() {
        Cluster cluster = read(null);
        Set<String> queues = new TreeSet<>(config.queueConcurrency().keySet());
        queues.addAll(cluster.counts.keySet());
        queues.addAll(cluster.paused.keySet());
        cluster.live.forEach(node -> queues.addAll(node.queues()));
        List<QueueHealth> out = new ArrayList<>(queues.size());
        for (String queue : queues) {
            out.add(HealthScorer.score(inputs(cluster, queue)));
        }
        return out;
    }

    QueueHealth one(String queue) {
        Names.checkQueue(queue);
        return HealthScorer.score(inputs(read(queue), queue));
    }

    /** What is read once per call; {@code queue} narrows the statistics and samples to one queue. */
    private record Cluster(Instant now, Map<String, Map<JobState, Long>> counts, List<NodeInfo> live,
                           Map<String, Instant> paused, Map<String, BreakerState> breakers,
                           List<StatsBucket> stats, List<QueueSample> samples) {}

    private Cluster read(@Nullable String queue) {
        Instant now = store.now();
        Map<String, Map<JobState, Long>> counts = new HashMap<>();
        for (QueueCount c : store.queueCounts()) {
            counts.computeIfAbsent(c.queue(), q -> new HashMap<>()).put(c.state(), c.count());
        }
        Instant aliveSince = now.minus(config.settings().rescueAfter());
        List<NodeInfo> live = store.nodeList().stream().filter(n -> !n.heartbeatAt().isBefore(aliveSince)).toList();
        Map<String, Instant> paused = new HashMap<>();
        store.queuePausedList().forEach(p -> paused.put(p.queue(), p.pausedAt()));
        Map<String, BreakerState> breakers = new HashMap<>();
        if (!config.flow().breakers().isEmpty()) { // only the breakers this node declares can be matched to queues
            store.breakerList().forEach(b -> breakers.put(b.name(), b));
        }
        StatsQuery window = StatsQuery.between(now.minus(QueueHealth.FAILURE_WINDOW), now.plusSeconds(1));
        List<StatsBucket> stats = store.statsList(queue == null ? window : window.queue(queue));
        List<QueueSample> samples = store.queueSampleList(queue, now.minus(QueueHealth.TREND_WINDOW));
        return new Cluster(now, counts, live, paused, breakers, stats, samples);
    }

    private HealthInputs inputs(Cluster cluster, String queue) {
        Map<JobState, Long> counts = cluster.counts.getOrDefault(queue, Map.of());
        long completed = 0;
        long failed = 0;
        Set<String> kinds = new HashSet<>();
        for (StatsBucket b : cluster.stats) {
            if (b.queue().equals(queue)) {
                completed += b.completed();
                failed += b.failed();
                kinds.add(b.kind());
            }
        }
        config.handlers().values().forEach(r -> {
            if (queue.equals(r.options().queue)) {
                kinds.add(r.kind());
            }
        });
        List<NodeInfo> serving = cluster.live.stream().filter(n -> n.queues().contains(queue)).toList();
        int slots = serving.stream().mapToInt(n -> {
            QueueSettings s = n.queueSettings().get(queue);
            return s == null ? 0 : s.concurrency();
        }).sum();
        QueueLoad load = store.queueLoad(new QueueLoad.Request(queue, config.settings().rescueAfter(),
                config.settings().interruptGrace()));
        Instant now = cluster.now;
        return new HealthInputs(queue, now, latencyTarget(queue, serving), completed, failed,
                failed == 0 ? List.of() : store.failureCounts(queue, now.minus(QueueHealth.FAILURE_WINDOW)),
                counts.getOrDefault(JobState.AVAILABLE, 0L), counts.getOrDefault(JobState.RUNNING, 0L),
                load.oldestReadyAt(), cluster.samples.stream().filter(s -> s.queue().equals(queue)).toList(),
                load.overdue(), load.orphaned(), breakersOf(cluster, queue, kinds, now), serving.size(), slots,
                cluster.paused.get(queue));
    }

    /** This node's target if it declares the queue, else the shortest a live node serving it declares, else the default. */
    private Duration latencyTarget(String queue, List<NodeInfo> serving) {
        Duration own = config.latencyTargets().get(queue);
        if (own != null) {
            return own;
        }
        return serving.stream().map(n -> n.queueSettings().get(queue)).filter(s -> s != null)
                .map(QueueSettings::latencyTarget).min(Duration::compareTo).orElse(QueueOptions.DEFAULT_LATENCY_TARGET);
    }

    /**
     * The breakers this node declares whose scope covers the queue: named for it, or naming a kind seen
     * in it (in the window's statistics, or routed to it by a handler's options), as stored.
     */
    private List<BreakerState> breakersOf(Cluster cluster, String queue, Set<String> kinds, Instant now) {
        List<BreakerState> out = new ArrayList<>();
        for (FlowRules.BreakerRuleOf rule : config.flow().breakers()) {
            JobScope scope = rule.scope();
            boolean queueMatches = scope.queue == null || scope.queue.equals(queue);
            boolean kindsMatch = scope.kinds.isEmpty() || scope.kinds.stream().anyMatch(kinds::contains);
            if (queueMatches && kindsMatch) {
                out.add(cluster.breakers.getOrDefault(rule.name(), BreakerState.closed(rule.name(), now)));
            }
        }
        return out;
    }
}
