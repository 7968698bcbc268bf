package dev.stevedore.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdmissionsTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00.250Z");
    private static final Duration SECOND = Duration.ofSeconds(1);

    private static AdmitRequest job(long id, LimitKey... limits) {
        return new AdmitRequest(id, 1, List.of(limits));
    }

    private static Admissions.State empty() {
        return new Admissions.State(NOW, Map.of(), Map.of(), Map.of());
    }

    @Test
    void concurrencyAdmitsUpToTheBoundCountingJobsAlreadyRunning() {
        LimitKey mutex = new LimitKey("export:t1", 2, 0, null);
        var state = new Admissions.State(NOW, Map.of("export:t1", 1), Map.of(), Map.of());

        Admissions.Plan plan = Admissions.decide(List.of(job(1, mutex), job(2, mutex), job(3, mutex)), state);

        assertThat(plan.admission().admitted()).containsExactly(1L);
        // Refused jobs of one key come back spread out, not all at once.
        assertThat(plan.admission().refused()).containsOnlyKeys(2L, 3L);
        assertThat(plan.admission().refused().get(2L)).isEqualTo(NOW.plus(Admissions.CONCURRENCY_RETRY));
        assertThat(plan.admission().refused().get(3L)).isAfterOrEqualTo(NOW.plus(Admissions.CONCURRENCY_RETRY));
    }

    @Test
    void aJobRefusedByOneLimitTakesNothingFromItsOthers() {
        LimitKey perAccount = new LimitKey("stripe:a1", 1, 0, null);
        LimitKey pool = new LimitKey("stripe-all", 2, 0, null);
        var state = new Admissions.State(NOW, Map.of("stripe:a1", 1), Map.of(), Map.of());

        Admissions.Plan plan = Admissions.decide(List.of(job(1, perAccount, pool), job(2, new LimitKey("stripe:a2", 1, 0, null), pool),
                job(3, new LimitKey("stripe:a3", 1, 0, null), pool), job(4, new LimitKey("stripe:a4", 1, 0, null), pool)), state);

        // Job 1 is refused by its account, so jobs 2 and 3 take the pool's two places, and job 4 finds it full.
        assertThat(plan.admission().admitted()).containsExactlyInAnyOrder(2L, 3L);
        assertThat(plan.admission().refused()).containsOnlyKeys(1L, 4L);
    }

    @Test
    void ratesAreLeasedNotDecidedByAdmissions() {
        assertThatThrownBy(() -> Admissions.decide(List.of(job(1, new LimitKey("api", 0, 3, SECOND))), empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leased");
    }

    @Test
    void aBlockedKeyRefusesUntilTheBlockEnds() {
        LimitKey key = new LimitKey("api:a1", 5, 0, null);
        Instant until = NOW.plusSeconds(30);
        var state = new Admissions.State(NOW, Map.of(), Map.of(), Map.of("api:a1", until));

        Admissions.Plan plan = Admissions.decide(List.of(job(1, key)), state);

        assertThat(plan.admission().admitted()).isEmpty();
        assertThat(plan.admission().refused().get(1L)).isEqualTo(until);
    }

    @Test
    void keysAreLockedInOneSortedOrder() {
        List<AdmitRequest> requests = List.of(job(1, new LimitKey("b", 1, 0, null)),
                job(2, new LimitKey("a", 1, 0, null, true), new LimitKey("b", 1, 0, null)));
        assertThat(Admissions.keys(requests)).containsExactly("a", "b");
        assertThat(Admissions.fifoKeys(requests)).containsExactly("a");
    }

    @Test
    void limitsWithoutABoundOrWithATinyPeriodAreRefused() {
        assertThatThrownBy(() -> new LimitKey("x", 0, 0, null)).hasMessageContaining("concurrency > 0 or rate > 0");
        assertThatThrownBy(() -> new LimitKey("x", 0, 1, Duration.ZERO)).hasMessageContaining("period");
        assertThatThrownBy(() -> job(1, new LimitKey("x", 1, 0, null), new LimitKey("x", 2, 0, null)))
                .hasMessageContaining("twice");
    }

    @Test
    void aFifoKeyAdmitsNoJobYoungerThanOneStillInLine() {
        LimitKey line = new LimitKey("serial:a", 2, 0, null, true);
        // Job 5 waits in line (refused earlier, not in this batch); 3 is older than it, 7 younger.
        var state = new Admissions.State(NOW, Map.of(), Map.of(), Map.of(), Map.of("serial:a", 5L));

        Admissions.Plan plan = Admissions.decide(List.of(job(7, line), job(3, line)), state);

        assertThat(plan.admission().admitted()).containsExactly(3L);
        assertThat(plan.admission().refused()).containsOnlyKeys(7L);
        assertThat(plan.waits()).containsExactly(new Admissions.Wait("serial:a", 7));
        assertThat(plan.served()).containsExactly(new Admissions.Wait("serial:a", 3));
    }

    @Test
    void aFifoJobRefusedForRoomHoldsBackTheYoungerOnesOfItsBatch() {
        LimitKey line = new LimitKey("serial:a", 1, 0, null, true);
        var state = new Admissions.State(NOW, Map.of("serial:a", 1), Map.of(), Map.of(), Map.of());

        Admissions.Plan plan = Admissions.decide(List.of(job(9, line), job(8, line)), state);

        assertThat(plan.admission().admitted()).isEmpty();
        assertThat(plan.waits()).extracting(Admissions.Wait::jobId).containsExactly(8L, 9L);
        assertThatThrownBy(() -> new LimitKey("x", 0, 5, SECOND, true)).hasMessageContaining("concurrency");
    }

    @Test
    void aLeaseGrantsWhatTheWindowHasRoomForAndNamesWhenToAskAgain() {
        LimitKey api = new LimitKey("api", 0, 10, SECOND);
        long slot = NOW.toEpochMilli() / api.slotMillis();
        var state = new Admissions.State(NOW, Map.of(), Map.of("api", Map.of(slot - 4, 6)), Map.of());

        Admissions.LeasePlan plan = Admissions.lease(List.of(new RateAsk(api, 7)), state);

        RateGrant grant = plan.grants().get(0);
        assertThat(grant.granted()).isEqualTo(4);
        assertThat(grant.slot()).isEqualTo(slot);
        // Valid until a fifth of a slot before the end of the slot it is counted in; room again once
        // slot - 4 leaves the window.
        assertThat(grant.validUntil()).isEqualTo(Instant.ofEpochMilli((slot + 1) * api.slotMillis() - 20));
        assertThat(grant.retryAt()).isEqualTo(Instant.ofEpochMilli((slot - 4 + LimitKey.SLOTS + 1) * api.slotMillis()));
        assertThat(plan.starts()).containsExactly(new Admissions.SlotStarts("api", slot, 4, NOW.plus(SECOND).plusMillis(200)));
        assertThat(plan.floors()).containsExactly(new Admissions.SlotFloor("api", slot - 10));
    }

    @Test
    void aLeaseAskedInTheLastFifthOfASlotIsCountedInTheNextAndLastsUntilNearItsEnd() {
        LimitKey api = new LimitKey("api", 0, 10, SECOND);
        Instant late = Instant.parse("2026-11-23T10:00:00.285Z"); // 15 ms before the slot of .200 ends
        long slot = late.toEpochMilli() / api.slotMillis();

        Admissions.LeasePlan plan = Admissions.lease(List.of(new RateAsk(api, 3)),
                new Admissions.State(late, Map.of(), Map.of(), Map.of()));

        RateGrant grant = plan.grants().get(0);
        assertThat(grant.slot()).isEqualTo(slot + 1);
        assertThat(grant.validUntil()).isEqualTo(Instant.parse("2026-11-23T10:00:00.380Z"));
        assertThat(plan.starts()).extracting(Admissions.SlotStarts::slot).containsExactly(slot + 1);
    }

    @Test
    void aLeaseThatGetsAllItWantsHasNoRetryAndLastsAtMostASecondInAWideSlot() {
        LimitKey hourly = new LimitKey("reports", 0, 1000, Duration.ofHours(1));

        RateGrant grant = Admissions.lease(List.of(new RateAsk(hourly, 50)), empty()).grants().get(0);

        assertThat(grant.granted()).isEqualTo(50);
        assertThat(grant.retryAt()).isNull();
        assertThat(grant.validUntil()).isEqualTo(NOW.plus(Admissions.MAX_LEASE));
    }

    @Test
    void returnedTokensLeaveTheirSlotAndMakeRoomForTheAskThatReturnsThem() {
        LimitKey api = new LimitKey("api", 0, 10, SECOND);
        long slot = NOW.toEpochMilli() / api.slotMillis();
        var state = new Admissions.State(NOW, Map.of(), Map.of("api", Map.of(slot - 1, 10)), Map.of());

        Admissions.LeasePlan plan = Admissions.lease(List.of(new RateAsk(api, 5, slot - 1, 6)), state);

        assertThat(plan.grants().get(0).granted()).isEqualTo(5);
        Instant expires = NOW.plus(SECOND).plusMillis(200);
        assertThat(plan.starts()).containsExactly(new Admissions.SlotStarts("api", slot - 1, -6, expires),
                new Admissions.SlotStarts("api", slot, 5, expires));
        // A return to a slot that no longer counts (or was never written) changes nothing.
        Admissions.LeasePlan stale = Admissions.lease(List.of(new RateAsk(api, 1, slot - 11, 3)), state);
        assertThat(stale.starts()).isEmpty();
        assertThat(stale.grants().get(0).granted()).isZero();
    }

    @Test
    void aBlockedKeyGrantsNothingUntilItsBlockEndsAndReturnsStillCount() {
        LimitKey api = new LimitKey("api", 0, 10, SECOND);
        long slot = NOW.toEpochMilli() / api.slotMillis();
        Instant until = NOW.plusSeconds(30);
        var state = new Admissions.State(NOW, Map.of(), Map.of("api", Map.of(slot, 3)), Map.of("api", until));

        Admissions.LeasePlan plan = Admissions.lease(List.of(new RateAsk(api, 5, slot, 2)), state);

        assertThat(plan.grants().get(0).granted()).isZero();
        assertThat(plan.grants().get(0).retryAt()).isEqualTo(until);
        assertThat(plan.starts()).extracting(Admissions.SlotStarts::starts).containsExactly(-2);
        assertThatThrownBy(() -> Admissions.lease(List.of(new RateAsk(api, 1), new RateAsk(api, 2)), state))
                .hasMessageContaining("at most once");
    }
}
