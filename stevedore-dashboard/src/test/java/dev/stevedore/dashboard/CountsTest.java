package dev.stevedore.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.JobState;
import dev.stevedore.spi.QueueCount;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Estimated counts (finished jobs of a large PostgreSQL table) are marked wherever they are shown. */
class CountsTest {
    private final Counts counts = Counts.of(List.of(
            new QueueCount("a", JobState.AVAILABLE, 12),
            new QueueCount("a", JobState.COMPLETED, 7_000_000, true),
            new QueueCount("b", JobState.COMPLETED, 5, false)));

    @Test
    void anEstimateIsMarkedInItsQueueAndInTheTotalItIsPartOf() {
        assertThat(counts.shown("a", JobState.COMPLETED)).isEqualTo("≈7000000");
        assertThat(counts.shown("b", JobState.COMPLETED)).isEqualTo("5");
        assertThat(counts.shown(JobState.COMPLETED)).isEqualTo("≈7000005");
        assertThat(counts.shown(JobState.AVAILABLE)).isEqualTo("12");
        assertThat(counts.shown("b", JobState.HELD)).isEqualTo("0");
    }

    @Test
    void theLiveCountersCarryAnEstimateAsMarkedTextAndExactCountsAsNumbers() {
        assertThat(counts.totalsJson()).contains("\"completed\":\"≈7000005\"").contains("\"available\":12")
                .contains("\"held\":0");
    }
}
