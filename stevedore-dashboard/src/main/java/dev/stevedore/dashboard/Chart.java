package dev.stevedore.dashboard;

import dev.stevedore.StatsBucket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The overview's charts for one range: the stats roll-ups summed into equal time slots over every
 * queue and kind, as JSON for the page's script. Reads buckets only, never job rows.
 */
final class Chart {
    /** A range the overview offers: how far back and how wide each slot is. */
    enum Range {
        HOUR(Duration.ofHours(1), Duration.ofMinutes(1)),
        DAY(Duration.ofDays(1), Duration.ofHours(1)),
        WEEK(Duration.ofDays(7), Duration.ofHours(6));

        final Duration span;
        final Duration slot;

        Range(Duration span, Duration slot) {
            this.span = span;
            this.slot = slot;
        }

        String param() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private Chart() {}

    /** The slots' start times and sums as a JSON object; {@code <} is escaped so it can sit in a script element. */
    static String json(List<StatsBucket> buckets, Range range, Instant now) {
        long slotMs = range.slot.toMillis();
        Instant end = Instant.ofEpochMilli((now.toEpochMilli() / slotMs + 1) * slotMs);
        Instant from = end.minus(range.span);
        int slots = (int) (range.span.toMillis() / slotMs);
        long[] completed = new long[slots];
        long[] failed = new long[slots];
        long[] discarded = new long[slots];
        long[] runs = new long[slots];
        long[] runMs = new long[slots];
        long[] starts = new long[slots];
        long[] waitMs = new long[slots];
        for (StatsBucket b : buckets) {
            int i = (int) Math.floorDiv(b.start().toEpochMilli() - from.toEpochMilli(), slotMs);
            if (i < 0 || i >= slots) {
                continue;
            }
            completed[i] += b.completed();
            failed[i] += b.failed();
            discarded[i] += b.discarded();
            runs[i] += b.runs();
            runMs[i] += b.runTotalMillis();
            starts[i] += b.starts();
            waitMs[i] += b.waitTotalMillis();
        }
        StringBuilder labels = new StringBuilder();
        StringBuilder meanRun = new StringBuilder();
        StringBuilder meanWait = new StringBuilder();
        for (int i = 0; i < slots; i++) {
            String sep = i == 0 ? "" : ",";
            labels.append(sep).append('"').append(from.plusMillis(i * slotMs)).append('"');
            meanRun.append(sep).append(runs[i] == 0 ? 0 : runMs[i] / runs[i]);
            meanWait.append(sep).append(starts[i] == 0 ? 0 : waitMs[i] / starts[i]);
        }
        return ("{\"range\":\"" + range.param() + "\",\"labels\":[" + labels + "],\"completed\":" + array(completed)
                + ",\"failed\":" + array(failed) + ",\"discarded\":" + array(discarded)
                + ",\"meanRunMs\":[" + meanRun + "],\"meanWaitMs\":[" + meanWait + "]}").replace("<", "\\u003c");
    }

    /** The first instant the range's buckets are read from. */
    static Instant from(Range range, Instant now) {
        long slotMs = range.slot.toMillis();
        return Instant.ofEpochMilli((now.toEpochMilli() / slotMs + 1) * slotMs).minus(range.span);
    }

    private static String array(long[] values) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            out.append(i == 0 ? "" : ",").append(values[i]);
        }
        return out.append(']').toString();
    }
}
