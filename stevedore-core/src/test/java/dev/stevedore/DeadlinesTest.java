package dev.stevedore;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** What a claimed job may still do, given its start and job deadlines (all times the store's). */
class DeadlinesTest {
    private static final Instant DUE = Instant.parse("2026-11-23T10:00:00Z");

    static Job claimed(int attempt, Instant claimedAt, @Nullable Instant startBy, @Nullable Instant deadline) {
        return new Job(7, "k", "default", JobState.RUNNING, 0, "{}", attempt, 5, DUE, DUE, claimedAt, "node-a", null,
                null, List.of(), Map.of(), List.of(), null, null, null, null, startBy, deadline, null);
    }

    @Test
    void aFirstClaimAfterTheStartDeadlineMayNotRun() {
        LimitReached late = Deadlines.atClaim(claimed(1, DUE.plusSeconds(301), DUE.plusSeconds(300), null), "node-b");
        assertThat(late).isNotNull();
        assertThat(late.errorClass()).isEqualTo("dev.stevedore.StartDeadline");
        assertThat(late.message()).isEqualTo("not started within startWithin PT5M of becoming due (start deadline "
                + "2026-11-23T10:05:00Z; claimed at 2026-11-23T10:05:01Z); discarded by node-b without running");
    }

    @Test
    void onlyTheFirstStartIsBoundByTheStartDeadline() {
        assertThat(Deadlines.atClaim(claimed(2, DUE.plusSeconds(900), DUE.plusSeconds(300), null), "n")).isNull();
        assertThat(Deadlines.atClaim(claimed(1, DUE.plusSeconds(300), DUE.plusSeconds(300), null), "n"))
                .as("claimed at the deadline itself is in time").isNull();
    }

    @Test
    void noClaimMayRunAtOrAfterTheJobDeadline() {
        Instant deadline = DUE.plusSeconds(3600);
        LimitReached late = Deadlines.atClaim(claimed(3, deadline, null, deadline), "node-b");
        assertThat(late).isNotNull();
        assertThat(late.errorClass()).isEqualTo("dev.stevedore.JobDeadline");
        assertThat(late.message()).contains("job deadline 2026-11-23T11:00:00Z passed before attempt 3 started");
        assertThat(Deadlines.atClaim(claimed(3, deadline.minusMillis(1), null, deadline), "n")).isNull();
    }

    @Test
    void anAttemptRunsForItsTimeoutOrUntilTheJobDeadlineWhicheverComesFirst() {
        Job job = claimed(1, DUE, null, DUE.plusSeconds(60));
        Deadlines.Budget capped = Deadlines.budget(job, Duration.ofMinutes(30));
        assertThat(capped.allowed()).isEqualTo(Duration.ofSeconds(60));
        assertThat(capped.whenReached().errorClass()).isEqualTo("dev.stevedore.JobDeadline");
        assertThat(capped.whenReached().message()).isEqualTo("job deadline 2026-11-23T10:01:00Z passed during attempt 1");

        Deadlines.Budget own = Deadlines.budget(job, Duration.ofSeconds(10));
        assertThat(own.allowed()).isEqualTo(Duration.ofSeconds(10));
        assertThat(own.whenReached()).isEqualTo(new LimitReached("dev.stevedore.AttemptTimeout",
                "attempt ran past its timeout PT10S"));

        assertThat(Deadlines.budget(claimed(1, DUE, null, null), Duration.ofSeconds(10)).allowed())
                .isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aRetryMustStartBeforeTheJobDeadline() {
        Job job = claimed(1, DUE, null, DUE.plusSeconds(60));
        assertThat(Deadlines.tooLateToRunAgain(job, Duration.ofSeconds(20), Duration.ofSeconds(30))).isNull();
        assertThat(Deadlines.tooLateToRunAgain(job, Duration.ofSeconds(20), Duration.ofSeconds(40)))
                .isEqualTo("not retried: the next attempt (in PT40S) would start after the job deadline 2026-11-23T10:01:00Z");
        assertThat(Deadlines.tooLateToRunAgain(claimed(1, DUE, null, null), Duration.ZERO, Duration.ofDays(300))).isNull();
    }
}
