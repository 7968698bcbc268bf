package dev.stevedore.spi;

import dev.stevedore.StatsBucket;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The roll-up's arithmetic, the same for every store: minute buckets summed into their hours. */
public final class StatsHours {
    private StatsHours() {}

    /** One hour bucket per hour, queue and kind of the given minutes, in first-seen order. */
    public static List<StatsBucket> of(List<StatsBucket> minutes) {
        record Key(java.time.Instant hour, String queue, String kind) {}
        Map<Key, StatsBucket> hours = new LinkedHashMap<>();
        for (StatsBucket minute : minutes) {
            java.time.Instant hour = minute.start().truncatedTo(ChronoUnit.HOURS);
            StatsBucket asHour = new StatsBucket(hour, StatsBucket.HOUR, minute.queue(), minute.kind(), minute.completed(),
                    minute.failed(), minute.retried(), minute.discarded(), minute.timedOut(), minute.cancelled(),
                    minute.runs(), minute.runTotalMillis(), minute.runMaxMillis(), minute.starts(),
                    minute.waitTotalMillis(), minute.waitMaxMillis());
            hours.merge(new Key(hour, minute.queue(), minute.kind()), asHour, StatsBucket::plus);
        }
        return new ArrayList<>(hours.values());
    }
}
