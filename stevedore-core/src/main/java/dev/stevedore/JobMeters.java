package dev.stevedore;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts and times this node's job events in Micrometer: one counter and one duration timer per
 * (outcome, kind, queue), and a latency timer per (kind, queue) recorded when a job starts. A
 * {@link JobListener} on the event bus, so the hot path only publishes. Tags are bounded: kinds and
 * queues, never ids or arguments.
 */
final class JobMeters implements JobListener {
    static final String JOBS = "stevedore.jobs";
    static final String DURATION = "stevedore.job.duration";
    static final String LATENCY = "stevedore.job.latency";

    private final MeterRegistry registry;
    /** Meters by tag values, so an event costs one map lookup rather than a registry lookup. */
    private final Map<Key, OutcomeMeters> outcomes = new ConcurrentHashMap<>();
    private final Map<Key, Timer> latencies = new ConcurrentHashMap<>();

    private record Key(JobEvent.Type type, String kind, String queue) {}

    private record OutcomeMeters(Counter count, Timer duration) {}

    JobMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onEvent(JobEvent event) {
        Job job = event.job();
        Key key = new Key(event.type(), job.kind(), job.queue());
        if (event.type() == JobEvent.Type.STARTED) {
            // Both instants are the store's clock: scheduled_at is when the job became due, attempted_at its claim.
            if (job.attemptedAt() != null) {
                Duration latency = Duration.between(job.scheduledAt(), job.attemptedAt());
                latencies.computeIfAbsent(key, this::latencyTimer).record(latency.isNegative() ? Duration.ZERO : latency);
            }
            return;
        }
        OutcomeMeters meters = outcomes.computeIfAbsent(key, this::outcomeMeters);
        meters.count().increment();
        // Rescues and expiries are not executions on this node: they carry no duration.
        if (!event.duration().isZero()) {
            meters.duration().record(event.duration());
        }
    }

    private OutcomeMeters outcomeMeters(Key key) {
        String outcome = key.type().label();
        Counter count = Counter.builder(JOBS)
                .description("Jobs that reached an outcome on this node")
                .tags("kind", key.kind(), "queue", key.queue(), "outcome", outcome)
                .register(registry);
        Timer duration = Timer.builder(DURATION)
                .description("How long executions ran, by outcome")
                .tags("kind", key.kind(), "queue", key.queue(), "outcome", outcome)
                .register(registry);
        return new OutcomeMeters(count, duration);
    }

    private Timer latencyTimer(Key key) {
        return Timer.builder(LATENCY)
                .description("From when a job was due (scheduled_at) to its start (attempted_at), store clock")
                .tags("kind", key.kind(), "queue", key.queue())
                .register(registry);
    }
}
