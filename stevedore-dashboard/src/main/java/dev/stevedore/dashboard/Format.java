package dev.stevedore.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;

/** How times, ages and sizes read on the pages: UTC, to the second, ages in one or two units. */
final class Format {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Format() {}

    static String time(@Nullable Instant at) {
        return at == null ? "" : UTC.format(at);
    }

    /** "3m 20s ago", "in 5s", or "" for null. */
    static String ago(@Nullable Instant at, Instant now) {
        if (at == null) {
            return "";
        }
        Duration age = Duration.between(at, now);
        return age.isNegative() ? "in " + duration(age.negated()) : duration(age) + " ago";
    }

    /** A span in its largest two units: "2h 5m", "45s", "120ms". */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m " + (s % 60) + "s";
        }
        if (s < 86_400) {
            return (s / 3600) + "h " + (s % 3600 / 60) + "m";
        }
        return (s / 86_400) + "d " + (s % 86_400 / 3600) + "h";
    }

    /** A whole number with its thousands grouped: "100,000". */
    static String count(long n) {
        return String.format(java.util.Locale.ROOT, "%,d", n);
    }

    /** Bytes in MiB or GiB, or "n/a" for a negative (unknown) value. */
    static String bytes(long bytes) {
        if (bytes < 0) {
            return "n/a";
        }
        double mib = bytes / (1024.0 * 1024.0);
        return mib >= 1024 ? String.format(java.util.Locale.ROOT, "%.1f GiB", mib / 1024)
                : String.format(java.util.Locale.ROOT, "%.0f MiB", mib);
    }

    /** The first line of {@code text}, cut to {@code max} characters with an ellipsis. */
    static String shorten(@Nullable String text, int max) {
        if (text == null) {
            return "";
        }
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }
}
