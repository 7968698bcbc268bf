package dev.stevedore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.spi.FailureRecord;
import dev.stevedore.spi.StoreException;
import dev.stevedore.spi.UnusableStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The recorder's own decisions; storing is tested against real stores by the failure contracts. */
class FailureRecorderTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    /** A store that is away until told otherwise, then keeps what it is given. */
    private static final class AwayStore extends UnusableStore {
        volatile boolean away = true;
        final List<FailureRecord> stored = new ArrayList<>();

        @Override
        public List<IssueChange> failureRecord(List<FailureRecord> failures) {
            if (away) {
                throw new StoreException("store away");
            }
            stored.addAll(failures);
            return List.of();
        }
    }

    private static JobEvent failed(long id, JobEvent.Type type, JobState state) {
        Job job = new Job(id, "k", "default", state, 0, "{\"password\":\"p\",\"n\":" + id + "}", 1, 3, NOW, NOW, NOW,
                "node", null, null, List.of("t"), Map.of("tenant", "acme"), List.of(), null, null, null, null);
        AttemptError error = new AttemptError(1, NOW, "node", "java.io.IOException", "job " + id + " failed", "",
                ErrorCategory.TRANSIENT, Duration.ofMillis(5));
        return new JobEvent(type, job, Duration.ofMillis(5), error);
    }

    @Test
    void aFullBufferDropsTheOldestAndNeverBlocks() throws Exception {
        AwayStore store = new AwayStore();
        FailureRecorder recorder = new FailureRecorder(store, new FailureSettings(List.of("password"), Duration.ofDays(1), 3), change -> { });
        for (long id = 1; id <= 10; id++) {
            recorder.onEvent(failed(id, JobEvent.Type.RETRY_SCHEDULED, JobState.RUNNING));
        }
        assertThat(recorder.backlog()).isEqualTo(3);

        store.away = false;
        while (recorder.runOnce()) {
            // drain
        }
        assertThat(store.stored).extracting(FailureRecord::jobId).containsExactly(8L, 9L, 10L);
        assertThat(recorder.backlog()).isZero();
    }

    @Test
    void aBatchThatFailedToWriteIsWrittenFirstWhenTheStoreReturns() {
        AwayStore store = new AwayStore();
        FailureRecorder recorder = new FailureRecorder(store, new FailureSettings(List.of(), Duration.ofDays(1), 100), change -> { });
        recorder.onEvent(failed(1, JobEvent.Type.RETRY_SCHEDULED, JobState.RUNNING));
        try {
            recorder.runOnce();
        } catch (StoreException expected) {
            // the service loop backs off and calls again
        }
        recorder.onEvent(failed(2, JobEvent.Type.RETRY_SCHEDULED, JobState.RUNNING));
        store.away = false;
        while (recorder.runOnce()) {
            // drain
        }
        assertThat(store.stored).extracting(FailureRecord::jobId).containsExactly(1L, 2L);
    }

    @Test
    void eventsWithoutAnErrorAreNotFailures() {
        FailureRecorder recorder = new FailureRecorder(new AwayStore(), new FailureSettings(List.of(), Duration.ofDays(1), 10), change -> { });
        recorder.onEvent(new JobEvent(JobEvent.Type.COMPLETED, failed(1, JobEvent.Type.COMPLETED, JobState.RUNNING).job(),
                Duration.ZERO, null));
        assertThat(recorder.backlog()).isZero();
    }

    @Test
    void aRecordCarriesTheJobsContextRedactedArgumentsAndWhetherItRetries() {
        FailureRecorder recorder = new FailureRecorder(new AwayStore(), new FailureSettings(List.of("password"), Duration.ofDays(1), 10), change -> { });

        FailureRecord retried = recorder.record(failed(7, JobEvent.Type.RETRY_SCHEDULED, JobState.RUNNING));
        assertThat(retried.retryable()).isTrue();
        assertThat(retried.args()).isEqualTo("{\"password\":\"[redacted]\",\"n\":7}");
        assertThat(retried.tags()).containsExactly("t");
        assertThat(retried.metadata()).containsEntry("tenant", "acme");
        assertThat(retried.issue()).isEqualTo(recorder.record(failed(8, JobEvent.Type.DISCARDED, JobState.RUNNING)).issue());

        assertThat(recorder.record(failed(7, JobEvent.Type.DISCARDED, JobState.RUNNING)).retryable()).isFalse();
        assertThat(recorder.record(failed(7, JobEvent.Type.HELD, JobState.RUNNING)).retryable()).isFalse();
        assertThat(recorder.record(failed(7, JobEvent.Type.RESCUED, JobState.RETRYABLE)).retryable()).isTrue();
        assertThat(recorder.record(failed(7, JobEvent.Type.RESCUED, JobState.DISCARDED)).retryable()).isFalse();
    }
}
