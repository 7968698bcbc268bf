package dev.stevedore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    @Test
    void doublesFromTheBaseWithoutJitter() {
        RetryPolicy p = RetryPolicy.exponential(Duration.ofSeconds(1), Duration.ofHours(1), 0);
        assertThat(p.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.delayAfter(5)).isEqualTo(Duration.ofSeconds(16));
    }

    @Test
    void isCappedAndNeverOverflows() {
        RetryPolicy p = RetryPolicy.exponential(Duration.ofSeconds(1), Duration.ofMinutes(10), 0);
        assertThat(p.delayAfter(30)).isEqualTo(Duration.ofMinutes(10));
        assertThat(p.delayAfter(1000)).isEqualTo(Duration.ofMinutes(10));
    }

    @RepeatedTest(20)
    void jitterStaysWithinItsBand() {
        RetryPolicy p = RetryPolicy.exponential(Duration.ofSeconds(10), Duration.ofHours(1), 0.2);
        assertThat(p.delayAfter(1)).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(12));
    }

    @Test
    void jitterSpreadsDelays() {
        RetryPolicy p = RetryPolicy.exponential();
        long distinct = java.util.stream.IntStream.range(0, 50).mapToObj(i -> p.delayAfter(3)).distinct().count();
        assertThat(distinct).isGreaterThan(40);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> RetryPolicy.exponential(Duration.ZERO, Duration.ofSeconds(1), 0))
                .hasMessageContaining("base must be > 0");
        assertThatThrownBy(() -> RetryPolicy.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1), 0))
                .hasMessageContaining("max must be ≥ base");
        assertThatThrownBy(() -> RetryPolicy.exponential(Duration.ofSeconds(1), Duration.ofSeconds(2), 1.5))
                .hasMessageContaining("jitter must be in [0, 1)");
    }
}
