package dev.stevedore;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed cron expression: five fields (minute hour day-of-month month day-of-week, as crontab) or
 * six with seconds first, or a nickname ({@code @hourly}, {@code @daily}, {@code @weekly},
 * {@code @monthly}, {@code @yearly}). Parsing and tick arithmetic, time zones and daylight saving
 * included, come from cron-utils.
 */
final class CronExpression {
    private static final CronParser FIVE_FIELDS = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser SIX_FIELDS = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING53));
    private static final Map<String, String> NICKNAMES = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");

    private final String text;
    private final ExecutionTime executionTime;

    private CronExpression(String text, Cron cron) {
        this.text = text;
        this.executionTime = ExecutionTime.forCron(cron);
    }

    /** Parses {@code text}; throws {@link IllegalArgumentException} saying what is wrong with it. */
    static CronExpression parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("cron expression must not be blank");
        }
        String trimmed = text.strip();
        String expanded = NICKNAMES.getOrDefault(trimmed.toLowerCase(Locale.ROOT), trimmed);
        int fields = expanded.split("\\s+").length;
        if (fields != 5 && fields != 6) {
            throw new IllegalArgumentException("invalid cron expression '" + text + "': expected 5 fields (minute hour "
                    + "day-of-month month day-of-week) or 6 with seconds first, found " + fields);
        }
        try {
            return new CronExpression(trimmed, (fields == 5 ? FIVE_FIELDS : SIX_FIELDS).parse(expanded));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid cron expression '" + text + "': " + e.getMessage(), e);
        }
    }

    String text() {
        return text;
    }

    /** The first tick strictly after {@code after}, or empty if there is none (e.g. Feb 30). */
    Optional<Instant> next(Instant after, ZoneId zone) {
        // Ticks are whole seconds, and the first one after a whole second is the first one after any
        // moment within it. cron-utils carries a fraction of the argument into six-field results
        // (10:00:00.5 gives 10:00:01.5), so it only ever sees whole seconds.
        Instant second = after.truncatedTo(ChronoUnit.SECONDS);
        return executionTime.nextExecution(ZonedDateTime.ofInstant(second, zone)).map(ZonedDateTime::toInstant);
    }

    /**
     * The ticks in {@code [from, to)}, oldest first, but no more than {@code max}: a caller that asks
     * for one more than it accepts learns that the range holds too many without walking all of them.
     */
    List<Instant> ticksBetween(Instant from, Instant to, ZoneId zone, int max) {
        List<Instant> ticks = new ArrayList<>();
        // From one second before, the first tick at or after from is reached by skipping at most one
        // tick that lies before it (when from has a fraction of a second).
        Optional<Instant> tick = next(from.minusSeconds(1), zone);
        while (tick.isPresent() && tick.get().isBefore(to) && ticks.size() < max) {
            if (!tick.get().isBefore(from)) {
                ticks.add(tick.get());
            }
            tick = next(tick.get(), zone);
        }
        return ticks;
    }

    /**
     * The latest {@code max} ticks in {@code (after, upTo]}, oldest first. Walks backwards from
     * {@code upTo}, so a long downtime of an every-second schedule costs {@code max} steps, not one per
     * missed tick.
     */
    List<Instant> latestTicks(Instant after, Instant upTo, ZoneId zone, int max) {
        List<Instant> ticks = new ArrayList<>();
        // lastExecution is strictly before its argument: start just after upTo so a tick at upTo counts.
        ZonedDateTime cursor = ZonedDateTime.ofInstant(upTo.plusNanos(1), zone);
        while (ticks.size() < max) {
            Optional<ZonedDateTime> previous = executionTime.lastExecution(cursor);
            if (previous.isEmpty() || !previous.get().toInstant().isAfter(after)) {
                break;
            }
            ticks.add(previous.get().toInstant());
            cursor = previous.get();
        }
        Collections.reverse(ticks);
        return ticks;
    }
}
