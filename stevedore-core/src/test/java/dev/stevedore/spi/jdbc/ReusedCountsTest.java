package dev.stevedore.spi.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.JobState;
import dev.stevedore.spi.QueueCount;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReusedCountsTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong clock = new AtomicLong();
    /** How many jobs the next read counts (its available count tells reads apart). */
    private final AtomicLong jobs = new AtomicLong();
    /** How long, in clock nanoseconds, each read takes. */
    private final AtomicLong readTime = new AtomicLong();
    private final List<Long> reads = new ArrayList<>();
    /** Background reads handed to the executor and not run yet. */
    private final List<Runnable> queued = new ArrayList<>();
    private RuntimeException failure;

    private final ReusedCounts counts = new ReusedCounts(() -> {
        if (failure != null) {
            throw failure;
        }
        long n = jobs.get();
        reads.add(n);
        clock.addAndGet(readTime.get());
        return List.of(new QueueCount("q", JobState.AVAILABLE, n - 1), new QueueCount("q", JobState.COMPLETED, 1));
    }, clock::get, queued::add);

    private static long available(List<QueueCount> counts) {
        return counts.get(0).count() + 1;
    }

    private void runQueued() {
        List<Runnable> now = List.copyOf(queued);
        queued.clear();
        now.forEach(Runnable::run);
    }

    @Test
    void countsOfALargeTableAreServedAgainForASecondFromTheStartOfTheirRead() {
        jobs.set(ReusedCounts.LARGE);

        List<QueueCount> first = counts.get();
        clock.addAndGet(ReusedCounts.REUSE.toNanos() - 1);

        assertThat(counts.get()).isSameAs(first);
        assertThat(reads).hasSize(1);
        assertThat(queued).as("nothing read in the background within the window").isEmpty();
    }

    @Test
    void aSlowReadIsReusedForTenTimesAsLongAsItTook() {
        jobs.set(ReusedCounts.LARGE);
        readTime.set(SECOND / 2);

        counts.get();
        clock.set(5 * SECOND - 1); // the read started at 0 and took 0.5 s: reused for 5 s

        counts.get();
        assertThat(reads).hasSize(1);
        assertThat(queued).isEmpty();
    }

    @Test
    void pastItsWindowTheLastCountsAreServedWhileOneBackgroundReadTakesTheirPlace() {
        jobs.set(ReusedCounts.LARGE);
        counts.get();
        jobs.set(ReusedCounts.LARGE + 5);
        clock.set(ReusedCounts.REUSE.toNanos());

        assertThat(available(counts.get())).as("the last counts, not waited for").isEqualTo(ReusedCounts.LARGE);
        assertThat(available(counts.get())).isEqualTo(ReusedCounts.LARGE);
        assertThat(queued).as("one background read for both askers").hasSize(1);
        assertThat(reads).hasSize(1);

        runQueued();
        assertThat(available(counts.get())).as("the background read's counts").isEqualTo(ReusedCounts.LARGE + 5);
        assertThat(reads).hasSize(2);
        assertThat(queued).isEmpty();
    }

    @Test
    void countsOlderThanTheirWindowAndTheStaleSpellAreReadByTheAsker() {
        jobs.set(ReusedCounts.LARGE);
        counts.get();
        jobs.set(ReusedCounts.LARGE + 7);
        clock.set(ReusedCounts.REUSE.plus(ReusedCounts.STALE).toNanos());

        assertThat(available(counts.get())).isEqualTo(ReusedCounts.LARGE + 7);
        assertThat(queued).isEmpty();
    }

    @Test
    void aFailedBackgroundReadLeavesTheLastCountsToAgeOutAndTheNextAskerSeesTheFailure() {
        jobs.set(ReusedCounts.LARGE);
        counts.get();
        clock.set(ReusedCounts.REUSE.toNanos());
        counts.get();
        failure = new IllegalStateException("the database went away");

        runQueued();
        assertThat(available(counts.get())).as("still served in the stale spell").isEqualTo(ReusedCounts.LARGE);
        runQueued(); // a second background read, failing too
        clock.set(ReusedCounts.REUSE.plus(ReusedCounts.STALE).toNanos());

        assertThatThrownBy(counts::get).isSameAs(failure);
    }

    @Test
    void countsOfASmallTableAreAlwaysReadAfresh() {
        jobs.set(ReusedCounts.LARGE - 1);

        counts.get();
        counts.get();

        assertThat(reads).hasSize(2);
        assertThat(queued).isEmpty();
    }
}
