package dev.stevedore.tck;

import dev.stevedore.AttemptError;
import dev.stevedore.ErrorCategory;
import dev.stevedore.JobState;
import dev.stevedore.spi.Completion;
import dev.stevedore.spi.Completion.AttemptUse;
import dev.stevedore.spi.NewJob;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** Builders for the rows and outcomes the conformance suite feeds a store. */
final class ContractJobs {
    static final String KIND = "tck.kind";

    private ContractJobs() {}

    static NewJob available(String queue) {
        return available(queue, 0);
    }

    static NewJob available(String queue, int priority) {
        return new NewJob(KIND, queue, "{\"n\":1}", priority, 3, JobState.AVAILABLE, null, Duration.ZERO, null,
                List.of(), Map.of());
    }

    static NewJob withMaxAttempts(String queue, int maxAttempts) {
        return new NewJob(KIND, queue, "{}", 0, maxAttempts, JobState.AVAILABLE, null, Duration.ZERO, null,
                List.of(), Map.of());
    }

    static NewJob kindIn(String kind, String queue) {
        return new NewJob(kind, queue, "{}", 0, 3, JobState.AVAILABLE, null, Duration.ZERO, null, List.of(), Map.of());
    }

    static NewJob scheduledIn(String queue, Duration delay) {
        return new NewJob(KIND, queue, "{}", 0, 3, JobState.SCHEDULED, null, delay, null, List.of(), Map.of());
    }

    static NewJob scheduledAt(String queue, Instant at) {
        return new NewJob(KIND, queue, "{}", 0, 3, JobState.SCHEDULED, at, Duration.ZERO, null, List.of(), Map.of());
    }

    static Completion finish(long id, int attempt, JobState state) {
        return new Completion(id, attempt, state, Duration.ZERO, null, AttemptUse.CONSUMED);
    }

    static Completion fail(long id, int attempt, JobState state, Duration runIn, ErrorCategory category) {
        return new Completion(id, attempt, state, runIn, error(attempt, category), AttemptUse.CONSUMED);
    }

    static Completion refund(long id, int attempt, JobState state, Duration runIn) {
        return new Completion(id, attempt, state, runIn, null, AttemptUse.REFUNDED);
    }

    /** An error whose every field survives a round trip (millisecond time, text that needs escaping). */
    static AttemptError error(int attempt, ErrorCategory category) {
        return new AttemptError(attempt, Instant.parse("2030-01-02T03:04:05.678Z").truncatedTo(ChronoUnit.MILLIS),
                "node-a", "java.io.IOException", "boom " + attempt + " \"quoted\"\ttab 'é' 🚀",
                "java.io.IOException: boom\n\tat a.B.c(B.java:1)", category, Duration.ofMillis(1500 + attempt));
    }
}
