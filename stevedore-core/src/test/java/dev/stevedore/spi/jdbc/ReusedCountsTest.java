package dev.stevedore.spi.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.JobState;
import dev.stevedore.spi.QueueCount;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReusedCountsTest {
    private final AtomicLong clock = new AtomicLong();
    private final AtomicInteger reads = new AtomicInteger();

    private ReusedCounts counting(long jobs) {
        return new ReusedCounts(() -> {
            reads.incrementAndGet();
            return List.of(new QueueCount("q", JobState.AVAILABLE, jobs - 1), new QueueCount("q", JobState.COMPLETED, 1));
        }, clock::get);
    }

    @Test
    void countsOfALargeTableAreServedAgainForASecondFromTheStartOfTheirRead() {
        ReusedCounts counts = counting(ReusedCounts.LARGE);

        List<QueueCount> first = counts.get();
        clock.addAndGet(ReusedCounts.REUSE.toNanos() - 1);
        assertThat(counts.get()).isSameAs(first);
        assertThat(reads).hasValue(1);

        clock.incrementAndGet();
        counts.get();
        assertThat(reads).as("a second after the read began, read again").hasValue(2);
    }

    @Test
    void countsOfASmallTableAreAlwaysReadAfresh() {
        ReusedCounts counts = counting(ReusedCounts.LARGE - 1);

        counts.get();
        counts.get();

        assertThat(reads).hasValue(2);
    }
}
