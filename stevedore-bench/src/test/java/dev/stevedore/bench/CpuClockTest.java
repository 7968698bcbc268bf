package dev.stevedore.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CpuClockTest {
    @Test
    void busyTicksLeaveOutIdleAndIoWaitAndCountStealButNotGuestTwice() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        assertThat(CpuClock.busyTicks("cpu  100 2 30 5000 40 6 7 8 50 1")).isEqualTo(100 + 2 + 30 + 6 + 7 + 8);
        assertThat(CpuClock.busyTicks("cpu 1 2 3 4")).isEqualTo(6);
    }

    @Test
    void aLineThatIsNotTheMachinesTotalIsRefused() {
        assertThatThrownBy(() -> CpuClock.busyTicks("cpu0 1 2 3 4 5")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not the cpu line");
    }

    @Test
    void perJobSplitsTheMachinesTimeIntoThisJvmsAndTheRest() {
        BenchReport.Cpu cpu = CpuClock.between(new CpuClock.Reading(1_000_000, 10_000_000),
                new CpuClock.Reading(3_000_000, 18_000_000), 100);
        assertThat(cpu).isNotNull();
        assertThat(cpu.jvmMicros()).isCloseTo(20.0, within(1e-9));
        assertThat(cpu.restMicros()).isCloseTo(60.0, within(1e-9));
        // Without the machine's counters only the JVM's share is known.
        BenchReport.Cpu jvmOnly = CpuClock.between(new CpuClock.Reading(0, -1), new CpuClock.Reading(5_000, -1), 5);
        assertThat(jvmOnly.restMicros()).isNull();
        assertThat(CpuClock.between(new CpuClock.Reading(-1, -1), new CpuClock.Reading(-1, -1), 5)).isNull();
    }

    @Test
    void aReadingOnThisMachineCountsTheJvmsOwnWork() {
        CpuClock.Reading before = CpuClock.now();
        long spin = System.nanoTime() + 50_000_000;
        long sum = 0;
        while (System.nanoTime() < spin) {
            sum += sum * 31 + 7;
        }
        CpuClock.Reading after = CpuClock.now();
        assertThat(after.jvmNanos() - before.jvmNanos()).as("spun %d", sum).isGreaterThanOrEqualTo(30_000_000);
        assertThat(after.machineBusyNanos()).isGreaterThanOrEqualTo(before.machineBusyNanos());
    }
}
