package dev.stevedore;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's memory: the heap from the JVM, the resident set from the operating system where it says. */
final class NodeMemory {
    private static final Path STATUS = Path.of("/proc/self/status");

    private NodeMemory() {}

    static MemoryUsage heap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    }

    /** Resident memory in bytes (Linux's VmRSS), or -1 where the platform does not say. */
    static long rss() {
        if (!Files.isReadable(STATUS)) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return parseKiB(line.substring("VmRSS:".length())) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** "  123456 kB" → 123456. */
    static long parseKiB(String value) {
        String digits = value.trim();
        int space = digits.indexOf(' ');
        return Long.parseLong(space < 0 ? digits : digits.substring(0, space));
    }
}
