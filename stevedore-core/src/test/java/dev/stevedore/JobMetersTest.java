package dev.stevedore;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The outcome counters: one per (outcome, kind, queue), a quarantine counted apart from a rescue. */
class JobMetersTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void aQuarantineIsCountedUnderItsOwnOutcomeAndCarriesNoDuration() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        JobMeters meters = new JobMeters(registry);

        meters.onEvent(new JobEvent(JobEvent.Type.RESCUED, job(JobState.RETRYABLE, null), Duration.ZERO, null));
        meters.onEvent(new JobEvent(JobEvent.Type.RESCUED, job(JobState.RETRYABLE, null), Duration.ZERO, null));
        meters.onEvent(new JobEvent(JobEvent.Type.QUARANTINED, job(JobState.HELD, NOW), Duration.ZERO, null));

        assertThat(registry.get(JobMeters.JOBS).tags("outcome", "rescued", "kind", "k", "queue", "q").counter().count())
                .isEqualTo(2);
        assertThat(registry.get(JobMeters.JOBS).tags("outcome", "quarantined", "kind", "k", "queue", "q").counter()
                .count()).isEqualTo(1);
        assertThat(registry.get(JobMeters.DURATION).tags("outcome", "quarantined").timer().count()).isZero();
    }

    private static Job job(JobState state, Instant quarantinedAt) {
        return new Job(7, "k", "q", state, 0, "{}", 1, 3, NOW, NOW, NOW, "dead-node", null, null, List.of(), Map.of(),
                List.of(), ErrorCategory.TRANSIENT, null, null, null, null, null, null, null, quarantinedAt);
    }
}
