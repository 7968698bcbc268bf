package dev.stevedore;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gauges of each queue's {@linkplain Stevedore#queueHealth() health}: its score and how long its oldest
 * ready job has waited, so that Prometheus can alert on them. Computed by this loop when the node
 * starts and then every {@link #MIN_INTERVAL} (or the gauge refresh, if longer), since the samples
 * behind the backlog trend change once a minute; scrapes read the cached values.
 */
final class HealthGauges extends Service {
    static final String SCORE = "stevedore.queue.health";
    static final String OLDEST_READY = "stevedore.queue.oldest.ready.age";
    /** The shortest time between two computations: 1 minute. */
    static final Duration MIN_INTERVAL = Duration.ofMinutes(1);

    private final HealthReader reader;
    private final MeterRegistry registry;
    private final Duration interval;
    private final Map<String, AtomicLong> scores = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> oldestReadyMillis = new ConcurrentHashMap<>();
    /** Every gauge registered, to remove when the node closes. */
    private final List<Meter> gauges = new CopyOnWriteArrayList<>();

    HealthGauges(NodeConfig config, MeterRegistry registry, Duration refresh) {
        super("health-gauges");
        this.reader = new HealthReader(config);
        this.registry = registry;
        this.interval = refresh.compareTo(MIN_INTERVAL) > 0 ? refresh : MIN_INTERVAL;
    }

    @Override
    Duration interval() {
        return interval;
    }

    @Override
    boolean runOnce() {
        for (QueueHealth health : reader.all()) {
            gauge(scores, health.queue(), SCORE, "The queue's health score, 0 (broken) to 100 (healthy)", null)
                    .set(health.score());
            long waitedMillis = Math.round(health.component(QueueHealth.LATENCY).value() * 1000);
            gauge(oldestReadyMillis, health.queue(), OLDEST_READY, "How long the queue's oldest ready job has waited",
                    "seconds").set(waitedMillis);
        }
        return false;
    }

    /** The gauges this loop registered. */
    List<Meter> gauges() {
        return gauges;
    }

    private AtomicLong gauge(Map<String, AtomicLong> values, String queue, String name, String description,
                             @org.jspecify.annotations.Nullable String seconds) {
        return values.computeIfAbsent(queue, q -> {
            AtomicLong value = new AtomicLong();
            Gauge.Builder<AtomicLong> builder = seconds == null
                    ? Gauge.builder(name, value, AtomicLong::get)
                    : Gauge.builder(name, value, v -> v.get() / 1000.0).baseUnit(seconds);
            gauges.add(builder.description(description).tags("queue", q).strongReference(true).register(registry));
            return value;
        });
    }
}
