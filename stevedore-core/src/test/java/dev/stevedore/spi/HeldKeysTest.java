package dev.stevedore.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.Job;
import dev.stevedore.JobState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeldKeysTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    private static Job job(long id, int attempt) {
        return new Job(id, "mail.send", "mail", JobState.RUNNING, 0, "{\"account\":\"a\"}", attempt, 3, NOW, NOW, NOW,
                "node-a", null, null, List.of(), Map.of(), List.of(), null, null, null, null, null, null, null);
    }

    @Test
    void countsPerKeyUntilEachJobsAttemptIsReleased() {
        HeldKeys held = new HeldKeys();
        held.hold(1, 1, List.of("a", "b"));
        held.hold(2, 1, List.of("a"));
        held.hold(3, 1, List.of());
        assertThat(held.count(List.of("a", "b", "c"))).isEqualTo(Map.of("a", 2, "b", 1));
        assertThat(held.jobs()).isEqualTo(2);

        held.release(1, 2); // another attempt of job 1: not what is held
        assertThat(held.count(List.of("a", "b"))).isEqualTo(Map.of("a", 2, "b", 1));
        held.release(1, 1);
        assertThat(held.count(List.of("a", "b"))).isEqualTo(Map.of("a", 1));
        held.release(2, 1);
        held.release(2, 1);
        assertThat(held.count(List.of("a", "b"))).isEmpty();
        assertThat(held.jobs()).isZero();
    }

    @Test
    void aDecisionCountsWhatTheNodeHoldsBesideWhatTheStoreReadAndHoldsWhatItAdmits() {
        HeldKeys held = new HeldKeys();
        held.hold(9, 1, List.of("acct:b"));
        ClaimRequest.Limits limits = ClaimRequest.Limits.counted(
                job -> List.of(new LimitKey(job.id() == 3 ? "acct:b" : "acct:a", 2, 0, null)), held);
        ClaimAdmission admission = ClaimAdmission.of(List.of(new ClaimAdmission.Claimed(job(1, 1), List.of("acct:a")),
                new ClaimAdmission.Claimed(job(2, 1), List.of("acct:a")),
                new ClaimAdmission.Claimed(job(3, 1), List.of("acct:b"))), limits);
        assertThat(admission.countsOwnJobs()).isTrue();

        // The store read one job of acct:a and one of acct:b on other nodes; this node holds one of acct:b.
        Admissions.Plan plan = admission.decide(new Admissions.State(NOW, Map.of("acct:a", 1, "acct:b", 1), Map.of(),
                Map.of()));

        assertThat(plan.admission().admitted()).containsExactly(1L);
        assertThat(plan.admission().refused()).containsOnlyKeys(2L, 3L);
        assertThat(held.count(List.of("acct:a", "acct:b"))).isEqualTo(Map.of("acct:a", 1, "acct:b", 1));

        admission.abandon();
        assertThat(held.count(List.of("acct:a", "acct:b"))).isEqualTo(Map.of("acct:b", 1));
        assertThat(held.jobs()).isEqualTo(1);
    }

    @Test
    void limitsThatDoNotCountLeaveTheCountToTheStore() {
        ClaimAdmission admission = ClaimAdmission.of(List.of(new ClaimAdmission.Claimed(job(1, 1), List.of())),
                job -> List.of(new LimitKey("k", 1, 0, null)));
        assertThat(admission.countsOwnJobs()).isFalse();
        assertThat(admission.decide(new Admissions.State(NOW, Map.of(), Map.of(), Map.of())).admission().admitted())
                .containsExactly(1L);
        admission.abandon();
    }
}
