package dev.stevedore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.spi.Completion.AttemptUse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettlerTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private final Settler settler = new Settler(Classifier.defaults(),
            new Defaults(20, Duration.ofMinutes(30), RetryPolicy.fixed(Duration.ofSeconds(7))), "node-a",
            InstantSource.fixed(NOW));

    @Test
    void successCompletesAndConsumesTheAttempt() {
        Settlement s = settler.completed(job(1, 3), Duration.ofMillis(5));
        assertThat(s.completion().state()).isEqualTo(JobState.COMPLETED);
        assertThat(s.completion().attemptUse()).isEqualTo(AttemptUse.CONSUMED);
        assertThat(s.completion().error()).isNull();
        assertThat(s.eventType()).isEqualTo(JobEvent.Type.COMPLETED);
    }

    @Test
    void anyFailureAfterACancelRequestCancelsWithoutRetryOrError() {
        Settlement s = settler.failed(job(1, 5), null, new IOException("interrupted read"),
                Execution.Interruption.CANCEL, Duration.ofMillis(40));
        assertThat(s.completion().state()).isEqualTo(JobState.CANCELLED);
        assertThat(s.completion().error()).as("the reason is the job's cancellation").isNull();
        assertThat(s.eventType()).isEqualTo(JobEvent.Type.CANCELLED);
    }

    @Test
    void anOutcomeCarriesWhatTheHandlerRecordedOnlyWhenItRecordedSomething() {
        Settlement plain = settler.completed(job(1, 3), Duration.ZERO);
        assertThat(plain.withReport(null, null)).isSameAs(plain);
        Settlement reported = plain.withReport("{\"n\":1}", new Job.Progress(100, "done"));
        assertThat(reported.completion().output()).isEqualTo("{\"n\":1}");
        assertThat(reported.completion().progress()).isEqualTo(new Job.Progress(100, "done"));
        assertThat(reported.completion().state()).isEqualTo(JobState.COMPLETED);
    }

    @Test
    void transientFailureRetriesWithTheKindsBackoffAndKeepsTheError() {
        Settlement s = settler.failed(job(2, 5), null, new IOException("connection reset"),
                Execution.Interruption.NONE, Duration.ofMillis(40));
        assertThat(s.completion().state()).isEqualTo(JobState.RETRYABLE);
        assertThat(s.completion().runIn()).isEqualTo(Duration.ofSeconds(7));
        AttemptError error = s.completion().error();
        assertThat(error.category()).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(error.errorClass()).isEqualTo("java.io.IOException");
        assertThat(error.message()).isEqualTo("connection reset");
        assertThat(error.attempt()).isEqualTo(2);
        assertThat(error.node()).isEqualTo("node-a");
        assertThat(error.duration()).isEqualTo(Duration.ofMillis(40));
        assertThat(error.stack()).contains("SettlerTest");
    }

    @Test
    void lastAttemptFailureDiscards() {
        Settlement s = settler.failed(job(5, 5), null, new IOException("still down"), Execution.Interruption.NONE,
                Duration.ZERO);
        assertThat(s.completion().state()).isEqualTo(JobState.DISCARDED);
        assertThat(s.eventType()).isEqualTo(JobEvent.Type.DISCARDED);
    }

    @Test
    void authenticationErrorsAreHeldNotRetried() {
        Settlement s = settler.failed(job(1, 5), null, new SecurityException("token expired"),
                Execution.Interruption.NONE, Duration.ZERO);
        assertThat(s.completion().state()).isEqualTo(JobState.HELD);
        assertThat(s.completion().error().category()).isEqualTo(ErrorCategory.AUTHENTICATION);
    }

    @Test
    void missingRecordsAreDiscardedAtOnce() {
        Settlement s = settler.failed(job(1, 5), null, new NoSuchElementException("account 9 not found"),
                Execution.Interruption.NONE, Duration.ZERO);
        assertThat(s.completion().state()).isEqualTo(JobState.DISCARDED);
        assertThat(s.completion().error().category()).isEqualTo(ErrorCategory.MISSING_RECORD);
    }

    @Test
    void snoozeReschedulesWithoutUsingAnAttempt() {
        Settlement s = settler.failed(job(1, 5), null, Outcome.snooze(Duration.ofMinutes(2)),
                Execution.Interruption.NONE, Duration.ZERO);
        assertThat(s.completion().state()).isEqualTo(JobState.SCHEDULED);
        assertThat(s.completion().runIn()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.completion().attemptUse()).isEqualTo(AttemptUse.REFUNDED);
        assertThat(s.completion().error()).isNull();
    }

    @Test
    void retryAfterHonoursTheDelayTheJobNamed() {
        Settlement s = settler.failed(job(1, 5), null, Outcome.retryAfter(Duration.ofSeconds(90), "429 from API"),
                Execution.Interruption.NONE, Duration.ZERO);
        assertThat(s.completion().state()).isEqualTo(JobState.RETRYABLE);
        assertThat(s.completion().runIn()).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.completion().error().message()).isEqualTo("429 from API");
    }

    @Test
    void cancelAndDiscardOutcomesEndTheJob() {
        assertThat(settler.failed(job(1, 5), null, Outcome.cancel("account closed"), Execution.Interruption.NONE,
                Duration.ZERO).completion().state()).isEqualTo(JobState.CANCELLED);
        assertThat(settler.failed(job(1, 5), null, Outcome.discard("bad input"), Execution.Interruption.NONE,
                Duration.ZERO).completion().state()).isEqualTo(JobState.DISCARDED);
    }

    @Test
    void anInterruptAfterTheDeadlineIsATimeoutWhateverWasThrown() {
        Settlement s = settler.failed(job(1, 5), null, new IllegalStateException("interrupted mid-way"),
                Execution.Interruption.TIMEOUT, Duration.ofSeconds(30));
        assertThat(s.completion().state()).isEqualTo(JobState.RETRYABLE);
        assertThat(s.completion().error().category()).isEqualTo(ErrorCategory.TIMEOUT);
    }

    @Test
    void shutdownHandsTheJobBackWithoutUsingAnAttempt() {
        Settlement s = settler.failed(job(3, 5), null, new InterruptedException(), Execution.Interruption.SHUTDOWN,
                Duration.ofSeconds(1));
        assertThat(s.completion().state()).isEqualTo(JobState.AVAILABLE);
        assertThat(s.completion().attemptUse()).isEqualTo(AttemptUse.REFUNDED);
    }

    @Test
    void unknownKindIsHeldWithAClearMessage() {
        Settlement s = settler.unknownKind(job(1, 5), Set.of("email.send"));
        assertThat(s.completion().state()).isEqualTo(JobState.HELD);
        assertThat(s.completion().error().message()).contains("no handler for kind \"test.kind\"", "email.send");
    }

    @Test
    void stacksAreBounded() {
        assertThat(Settler.stackOf(deep(2_000))).hasSizeLessThan(Settler.MAX_STACK_CHARS + 40);
    }

    @Test
    void nulCharactersInMessagesAreDroppedSoTheErrorCanBeStored() {
        Settlement s = settler.failed(job(1, 5), null, new IllegalStateException("bad\u0000byte"),
                Execution.Interruption.NONE, Duration.ZERO);
        assertThat(s.completion().error().message()).isEqualTo("badbyte");
    }

    private static RuntimeException deep(int depth) {
        return depth == 0 ? new RuntimeException("bottom") : deep(depth - 1);
    }

    static Job job(int attempt, int maxAttempts) {
        return new Job(42, "test.kind", "default", JobState.RUNNING, 0, "{}", attempt, maxAttempts, NOW, NOW, NOW,
                "node-a", null, null, List.of(), Map.of(), List.of(), null, null, null, null);
    }
}
