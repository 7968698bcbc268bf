package dev.stevedore.dashboard;

import dev.stevedore.spi.FailureBucket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The issues page's sparklines: each issue's failures over the last {@link #BUCKETS} hours, one bar an
 * hour, as inline SVG (no script, no inline style: the page's Content-Security-Policy allows neither).
 * The counts come from the failure records of the issues shown, one grouped read for the whole page.
 */
final class Sparkline {
    static final int BUCKETS = 24;
    static final Duration WIDTH = Duration.ofHours(1);
    private static final int BAR = 4;
    private static final int HEIGHT = 16;

    private final Instant since;
    private final Map<String, long[]> counts = new HashMap<>();

    private Sparkline(Instant since) {
        this.since = since;
    }

    /** The hourly counts of {@code issueIds} up to the hour that contains {@code now}. */
    static Sparkline of(dev.stevedore.spi.Store store, List<String> issueIds, Instant now) {
        Sparkline sparkline = new Sparkline(now.truncatedTo(ChronoUnit.HOURS).minus(WIDTH.multipliedBy(BUCKETS - 1)));
        for (FailureBucket bucket : store.failureBuckets(issueIds, sparkline.since, WIDTH)) {
            int index = (int) Duration.between(sparkline.since, bucket.start()).dividedBy(WIDTH);
            if (index >= 0 && index < BUCKETS) {
                sparkline.counts.computeIfAbsent(bucket.issueId(), id -> new long[BUCKETS])[index] += bucket.failures();
            }
        }
        return sparkline;
    }

    /** The issue's hourly failures, oldest first. */
    long[] counts(String issueId) {
        return counts.getOrDefault(issueId, new long[BUCKETS]);
    }

    /** The bars of one issue, scaled to its own busiest hour, with the total in the title. */
    Html svg(String issueId) {
        long[] hours = counts(issueId);
        long max = 1;
        long total = 0;
        for (long n : hours) {
            max = Math.max(max, n);
            total += n;
        }
        StringBuilder bars = new StringBuilder();
        for (int i = 0; i < BUCKETS; i++) {
            long h = hours[i] == 0 ? 0 : Math.max(1, Math.round((double) hours[i] * HEIGHT / max));
            bars.append(Html.of("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>{}</title></rect>", i * BAR,
                    HEIGHT - h, BAR - 1, h, hours[i] + " at " + Format.time(since.plus(WIDTH.multipliedBy(i)))).value());
        }
        return Html.of("""
                <svg class="spark" id="spark-{}" data-counts="{}" width="{}" height="{}" viewBox="0 0 {} {}" role="img" \
                aria-label="{} failures in the last {} hours">{}</svg>""", issueId, join(hours), BUCKETS * BAR, HEIGHT,
                BUCKETS * BAR, HEIGHT, total, BUCKETS, new Html(bars.toString()));
    }

    private static String join(long[] values) {
        StringBuilder out = new StringBuilder();
        for (long v : values) {
            out.append(out.isEmpty() ? "" : ",").append(v);
        }
        return out.toString();
    }
}
