package dev.stevedore;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.IntSupplier;

/**
 * A node's Micrometer binding: the job event meters ({@link JobMeters}), the store-backed gauges
 * ({@link StoreGauges}), the queues' health ({@link HealthGauges}) and the jobs running on this node. Created only when the builder was given a
 * registry, so nothing here is loaded (and Micrometer need not be present) otherwise.
 */
final class NodeMeters {
    static final String NODE_RUNNING = "stevedore.node.running";

    private final MeterRegistry registry;
    private final Gauge running;
    private final StoreGauges storeGauges;
    private final HealthGauges healthGauges;

    NodeMeters(NodeConfig config, MeterSettings settings, EventBus events, IntSupplier runningJobs) {
        this.registry = (MeterRegistry) settings.registry();
        events.subscribe(new JobMeters(registry));
        this.running = Gauge.builder(NODE_RUNNING, runningJobs, IntSupplier::getAsInt)
                .description("Jobs running on this node now")
                .strongReference(true)
                .register(registry);
        this.storeGauges = new StoreGauges(config, registry, settings.gaugeRefresh());
        this.healthGauges = new HealthGauges(config, registry, settings.gaugeRefresh());
    }

    void start() {
        storeGauges.start();
        healthGauges.start();
    }

    void stop() {
        storeGauges.stop();
        healthGauges.stop();
    }

    /**
     * Removes the gauges: a registry returns the existing gauge for a name and tags already registered,
     * so a node built later on the same registry would otherwise be shown this closed node's values.
     * Counters and timers stay: they are cumulative for the process and the next node adds to them.
     */
    void close() {
        stop();
        registry.remove(running);
        storeGauges.gauges().forEach(registry::remove);
        healthGauges.gauges().forEach(registry::remove);
    }
}
