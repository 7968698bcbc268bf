package dev.stevedore;

import dev.stevedore.spi.QueueCount;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gauges read from the store: jobs per queue and state, live nodes and breakers not closed. The store
 * is read by this loop every {@link MeterSettings#gaugeRefresh()} and the gauges return the cached
 * values, so a scrape never runs a query and scrapes from many collectors cost nothing extra.
 *
 * <p>Queue depth comes from {@link dev.stevedore.spi.Store#queueCounts()}: unfinished states read
 * through their own indexes, finished ones estimated on a large table (so those depths may be
 * estimates). The per-minute roll-ups count events, not the jobs waiting now, so they cannot stand in.
 */
final class StoreGauges extends Service {
    static final String QUEUE_JOBS = "stevedore.queue.jobs";
    static final String NODES_ALIVE = "stevedore.nodes.alive";
    static final String BREAKERS_OPEN = "stevedore.breakers.open";

    private final NodeConfig config;
    private final MeterRegistry registry;
    private final Duration refresh;
    private final Map<QueueState, AtomicLong> depths = new ConcurrentHashMap<>();
    private final AtomicLong nodesAlive = new AtomicLong();
    private final AtomicLong breakersOpen = new AtomicLong();
    /** Every gauge registered, to remove when the node closes. */
    private final List<Meter> gauges = new CopyOnWriteArrayList<>();

    private record QueueState(String queue, JobState state) {}

    StoreGauges(NodeConfig config, MeterRegistry registry, Duration refresh) {
        super("gauges");
        this.config = config;
        this.registry = registry;
        this.refresh = refresh;
        gauges.add(Gauge.builder(NODES_ALIVE, nodesAlive, AtomicLong::get)
                .description("Nodes whose last heartbeat is within the rescue window").strongReference(true).register(registry));
        gauges.add(Gauge.builder(BREAKERS_OPEN, breakersOpen, AtomicLong::get)
                .description("Circuit breakers open or half-open (their jobs wait)").strongReference(true).register(registry));
        // The node's own queues show zeros from the first scrape rather than appearing once they hold jobs.
        for (String queue : config.queueConcurrency().keySet()) {
            for (JobState state : JobState.values()) {
                depth(new QueueState(queue, state));
            }
        }
    }

    @Override
    Duration interval() {
        return refresh;
    }

    @Override
    boolean runOnce() {
        Set<QueueState> seen = new HashSet<>();
        for (QueueCount count : config.store().queueCounts()) {
            QueueState key = new QueueState(count.queue(), count.state());
            depth(key).set(count.count());
            seen.add(key);
        }
        // A state that emptied has no row any more: it is zero, not its last value.
        depths.forEach((key, value) -> {
            if (!seen.contains(key)) {
                value.set(0);
            }
        });
        Instant aliveSince = config.clock().instant().minus(config.settings().rescueAfter());
        nodesAlive.set(config.store().nodeList().stream().filter(n -> n.heartbeatAt().isAfter(aliveSince)).count());
        breakersOpen.set(config.store().breakerList().stream()
                .filter(b -> b.status() != BreakerState.Status.CLOSED).count());
        return false;
    }

    /** The gauges this loop registered. */
    List<Meter> gauges() {
        return gauges;
    }

    private AtomicLong depth(QueueState key) {
        return depths.computeIfAbsent(key, k -> {
            AtomicLong value = new AtomicLong();
            gauges.add(Gauge.builder(QUEUE_JOBS, value, AtomicLong::get)
                    .description("Jobs in the queue by state, read from the store every few seconds")
                    .tags("queue", k.queue(), "state", k.state().dbName())
                    .strongReference(true)
                    .register(registry));
            return value;
        });
    }
}
