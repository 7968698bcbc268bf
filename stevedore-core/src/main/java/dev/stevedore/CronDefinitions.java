package dev.stevedore;

import dev.stevedore.spi.CronRow;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stored definitions of schedules, parsed once per distinct text: the leader reads them every
 * check, and parsing a cron expression costs far more than comparing two strings.
 */
final class CronDefinitions {
    /** Distinct definitions kept; an operator would need thousands of edits to fill it. */
    private static final int MAX_CACHED = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(CronDefinitions.class);

    /** A schedule's expression and zone, parsed. */
    record Definition(CronExpression expression, ZoneId zone) {}

    private final Map<String, Definition> parsed = new LinkedHashMap<>();
    private final Set<String> reported = new HashSet<>();

    /**
     * The row's definition in force, or null when it does not parse: only something that bypassed
     * the API can store one, and it must stop that schedule, not every other one with it.
     */
    @Nullable Definition of(CronRow row) {
        String key = row.expression() + "\u0000" + row.zone();
        Definition definition = parsed.get(key);
        if (definition != null) {
            return definition;
        }
        try {
            definition = new Definition(CronExpression.parse(row.expression()), ZoneId.of(row.zone()));
        } catch (IllegalArgumentException | DateTimeException e) {
            if (reported.add(key)) {
                LOG.error("cron {}: stored definition '{}' ({}) is invalid, the schedule does not fire: {}", row.name(),
                        row.expression(), row.zone(), e.getMessage());
            }
            return null;
        }
        if (parsed.size() >= MAX_CACHED) {
            parsed.clear();
        }
        parsed.put(key, definition);
        return definition;
    }
}
