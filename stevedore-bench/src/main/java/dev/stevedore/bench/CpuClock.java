package dev.stevedore.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Processor time spent during a phase: by this JVM, and by the whole machine when Linux's
 * {@code /proc/stat} tells. On a machine where the database runs beside the bench, the machine's time
 * less the JVM's is mostly the database's, so a phase's cost per job splits into the client's share and
 * the database's. That split is why the store's drain and the raw-SQL bound differ on a machine with
 * few cores: both are bound by processor time, and the bound's client is a loop of two statements.
 */
final class CpuClock {
    private static final Path PROC_STAT = Path.of("/proc/stat");
    /** Linux reports /proc/stat in USER_HZ ticks, 100 a second on every architecture it supports. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private CpuClock() {
    }

    /** A moment's counters. {@code machineBusyNanos} is negative where the machine's time is unknown. */
    record Reading(long jvmNanos, long machineBusyNanos) {}

    /** Processor time per job between two readings; null when this JVM cannot tell its own. */
    static BenchReport.@Nullable Cpu between(Reading start, Reading end, long jobs) {
        if (jobs <= 0 || start.jvmNanos() < 0 || end.jvmNanos() < 0) {
            return null;
        }
        long jvm = end.jvmNanos() - start.jvmNanos();
        Double rest = start.machineBusyNanos() < 0 || end.machineBusyNanos() < 0 ? null
                : Math.max(0, end.machineBusyNanos() - start.machineBusyNanos() - jvm) / 1e3 / jobs;
        return new BenchReport.Cpu(jvm / 1e3 / jobs, rest);
    }

    static Reading now() {
        return new Reading(jvmNanos(), machineBusyNanos());
    }

    /** The JVM's user and system time, which it reads with {@code times(2)}: in 10 ms clock ticks on Linux. */
    private static long jvmNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    private static long machineBusyNanos() {
        try {
            List<String> lines = Files.readAllLines(PROC_STAT);
            return lines.isEmpty() ? -1 : busyTicks(lines.getFirst()) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The busy ticks of /proc/stat's first line ({@code cpu user nice system idle iowait irq softirq steal
     * ...}): everything but idle and iowait. Guest time is already counted in user and nice.
     */
    static long busyTicks(String cpuLine) {
        String[] fields = cpuLine.trim().split("\\s+");
        if (fields.length < 5 || !fields[0].equals("cpu")) {
            throw new IllegalArgumentException("not the cpu line of /proc/stat: " + cpuLine);
        }
        long busy = 0;
        for (int i = 1; i < Math.min(fields.length, 9); i++) {
            if (i != 4 && i != 5) {
                busy += Long.parseLong(fields[i]);
            }
        }
        return busy;
    }
}
