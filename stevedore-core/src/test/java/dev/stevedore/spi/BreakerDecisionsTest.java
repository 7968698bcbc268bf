package dev.stevedore.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.BreakerState;
import dev.stevedore.BreakerState.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BreakerDecisionsTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final BreakerRule RULE = new BreakerRule(5, 0.5, 10, Duration.ofMinutes(1), Duration.ofSeconds(30));
    private static final BreakerState CLOSED = BreakerState.closed("stripe", NOW.minusSeconds(600));

    private static BreakerReport report(int successes, int failures, BreakerReport.Probe... probes) {
        return new BreakerReport("stripe", RULE, successes, failures, List.of(probes));
    }

    @Test
    void opensWhenTheFailureCountIsReachedWithinTheWindow() {
        BreakerState next = BreakerDecisions.next(CLOSED, null, 0, 100, 5, report(0, 1), NOW);
        assertThat(next.status()).isEqualTo(Status.OPEN);
        assertThat(next.openUntil()).isEqualTo(NOW.plusSeconds(30));
        assertThat(next.reason()).contains("5 failures within 1m").contains("open for 30s");

        assertThat(BreakerDecisions.next(CLOSED, null, 0, 100, 4, report(0, 1), NOW)).isSameAs(CLOSED);
    }

    @Test
    void opensOnTheFailureRateOnlyOnceTheWindowHasEnoughCalls() {
        BreakerRule rateOnly = new BreakerRule(0, 0.5, 10, Duration.ofMinutes(1), Duration.ofSeconds(30));
        BreakerReport r = new BreakerReport("stripe", rateOnly, 0, 1, List.of());
        assertThat(BreakerDecisions.next(CLOSED, null, 0, 5, 5, r, NOW).status()).isEqualTo(Status.OPEN);  // 10 calls, 50 %
        assertThat(BreakerDecisions.next(CLOSED, null, 0, 3, 5, r, NOW)).isSameAs(CLOSED);  // 8 calls < 10
        assertThat(BreakerDecisions.next(CLOSED, null, 0, 6, 4, r, NOW)).isSameAs(CLOSED);  // 40 %
    }

    @Test
    void theProbeDecidesAHalfOpenBreakerAndOtherOutcomesDoNot() {
        BreakerState halfOpen = new BreakerState("stripe", Status.HALF_OPEN, NOW, null, "probing");

        assertThat(BreakerDecisions.next(halfOpen, 42L, 3, 0, 50, report(0, 50), NOW)).isSameAs(halfOpen);
        assertThat(BreakerDecisions.next(halfOpen, 42L, 3, 1, 0, report(1, 0, new BreakerReport.Probe(42, 3, true)), NOW)
                .status()).isEqualTo(Status.CLOSED);
        BreakerState reopened = BreakerDecisions.next(halfOpen, 42L, 3, 0, 1,
                report(0, 1, new BreakerReport.Probe(42, 3, false)), NOW);
        assertThat(reopened.status()).isEqualTo(Status.OPEN);
        assertThat(reopened.openUntil()).isEqualTo(NOW.plusSeconds(30));
        // A stale probe (an earlier attempt) decides nothing.
        assertThat(BreakerDecisions.next(halfOpen, 42L, 3, 1, 0, report(1, 0, new BreakerReport.Probe(42, 2, true)), NOW))
                .isSameAs(halfOpen);
    }

    @Test
    void anOpenBreakerStaysOpenWhateverIsReported() {
        BreakerState open = new BreakerState("stripe", Status.OPEN, NOW, NOW.plusSeconds(30), "down");
        assertThat(BreakerDecisions.next(open, null, 0, 100, 0, report(100, 0), NOW)).isSameAs(open);
    }
}
