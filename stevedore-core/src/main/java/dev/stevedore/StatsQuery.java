package dev.stevedore;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which statistics to read: buckets starting in [{@code from}, {@code to}), of one queue and one kind
 * when given (null for all).
 *
 * @param from  the earliest bucket start, inclusive
 * @param to    the latest bucket start, exclusive
 * @param queue only this queue, or null
 * @param kind  only this kind, or null
 */
public record StatsQuery(Instant from, Instant to, @Nullable String queue, @Nullable String kind) {
    public StatsQuery {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to, were " + from + " and " + to);
        }
    }

    /** Every queue and kind between the two instants. */
    public static StatsQuery between(Instant from, Instant to) {
        return new StatsQuery(from, to, null, null);
    }

    /** The same range, one queue. */
    public StatsQuery queue(String queue) {
        return new StatsQuery(from, to, Objects.requireNonNull(queue, "queue"), kind);
    }

    /** The same range, one kind. */
    public StatsQuery kind(String kind) {
        return new StatsQuery(from, to, queue, Objects.requireNonNull(kind, "kind"));
    }
}
