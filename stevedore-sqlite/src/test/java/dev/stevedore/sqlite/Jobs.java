package dev.stevedore.sqlite;

import dev.stevedore.AttemptError;
import dev.stevedore.ErrorCategory;
import dev.stevedore.JobState;
import dev.stevedore.spi.Completion;
import dev.stevedore.spi.NewJob;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Small builders for test jobs and outcomes. */
final class Jobs {
    private Jobs() {}

    static NewJob available(String queue) {
        return available(queue, 0);
    }

    static NewJob available(String queue, int priority) {
        return new NewJob("test.kind", queue, "{\"n\":1}", priority, 3, JobState.AVAILABLE, null, Duration.ZERO,
                null, List.of(), Map.of());
    }

    static NewJob scheduledIn(String queue, Duration delay) {
        return new NewJob("test.kind", queue, "{}", 0, 3, JobState.SCHEDULED, null, delay, null, List.of(), Map.of());
    }

    static Completion done(long id, int attempt) {
        return new Completion(id, attempt, JobState.COMPLETED, Duration.ZERO, null, Completion.AttemptUse.CONSUMED);
    }

    static Completion failed(long id, int attempt, Duration runIn) {
        AttemptError error = new AttemptError(attempt, Instant.parse("2030-01-01T00:00:00Z"), "node-a",
                "java.io.IOException", "boom " + attempt, "stack", ErrorCategory.TRANSIENT, Duration.ofMillis(5));
        return new Completion(id, attempt, JobState.RETRYABLE, runIn, error, Completion.AttemptUse.CONSUMED);
    }
}
