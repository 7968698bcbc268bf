package dev.stevedore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MemoryCeilingTest {
    private static final long MIB = 1 << 20;

    @Test
    void firesOnceAfterThreeBeatsInARowAboveTheCeiling() throws InterruptedException {
        AtomicInteger fired = new AtomicInteger();
        CountDownLatch ran = new CountDownLatch(1);
        MemoryCeiling ceiling = new MemoryCeiling(100 * MIB, () -> {
            fired.incrementAndGet();
            ran.countDown();
        });

        assertThat(ceiling.check(150 * MIB, 10 * MIB, "n")).isFalse();
        assertThat(ceiling.check(150 * MIB, 10 * MIB, "n")).isFalse();
        assertThat(ceiling.check(90 * MIB, 10 * MIB, "n")).as("one beat under starts the count again").isFalse();
        assertThat(ceiling.check(150 * MIB, 10 * MIB, "n")).isFalse();
        assertThat(ceiling.check(150 * MIB, 10 * MIB, "n")).isFalse();
        assertThat(ceiling.check(150 * MIB, 10 * MIB, "n")).isTrue();
        assertThat(ceiling.check(150 * MIB, 10 * MIB, "n")).as("only once").isFalse();

        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(fired).hasValue(1);
    }

    @Test
    void usesTheHeapWhereResidentMemoryIsUnknownAndNothingWhenNeitherIs() {
        MemoryCeiling ceiling = new MemoryCeiling(100 * MIB, () -> {});
        for (int i = 0; i < 5; i++) {
            assertThat(ceiling.check(-1, -1, "n")).isFalse();
        }
        ceiling.check(-1, 200 * MIB, "n");
        ceiling.check(-1, 200 * MIB, "n");
        assertThat(ceiling.check(-1, 200 * MIB, "n")).isTrue();
        assertThat(NodeMemory.parseKiB("   123456 kB")).isEqualTo(123456);
    }
}
