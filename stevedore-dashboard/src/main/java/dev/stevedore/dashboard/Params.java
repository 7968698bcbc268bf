package dev.stevedore.dashboard;

import dev.stevedore.JobState;
import dev.stevedore.spi.JobCursor;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A request's parameters, read strictly: a name the page does not know, a repeated single value, a
 * control character, an id that is not a positive number, an unknown state, a name outside the
 * library's rules or a date that does not parse is a {@link Refusal#badRequest 400} that says which
 * parameter and why. Nothing here reaches SQL except as a bound value.
 */
final class Params {
    static final Pattern QUEUE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final Pattern KIND = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    static final Pattern ISSUE = Pattern.compile("[0-9a-f]{16}");
    static final Pattern CRON = Pattern.compile("[A-Za-z0-9._:-]{1,200}");
    private static final Pattern ID = Pattern.compile("[0-9]{1,18}");
    private static final int MAX_VALUE_CHARS = 1000;
    static final String FORM_TYPE = "application/x-www-form-urlencoded";
    private static final Pattern BROKEN_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

    private final Map<String, List<String>> values;

    private Params(Map<String, List<String>> values, Set<String> allowed) {
        for (Map.Entry<String, List<String>> entry : values.entrySet()) {
            if (!allowed.contains(entry.getKey())) {
                throw Refusal.badRequest("unknown parameter \"" + printable(entry.getKey()) + "\"; this page takes "
                        + (allowed.isEmpty() ? "none" : String.join(", ", allowed.stream().sorted().toList())));
            }
            for (String value : entry.getValue()) {
                if (value.length() > MAX_VALUE_CHARS) {
                    throw Refusal.badRequest(entry.getKey() + " must be at most " + MAX_VALUE_CHARS + " characters, was "
                            + value.length());
                }
                if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                    throw Refusal.badRequest(entry.getKey() + " must not contain control characters");
                }
            }
        }
        this.values = values;
    }

    /** The query string's parameters; any name outside {@code allowed} is refused. */
    static Params query(Context ctx, String... allowed) {
        checkEscapes("the query string", ctx.queryString());
        return of(ctx.queryParamMap(), allowed);
    }

    /** Parameters already decoded (name to values in order); any name outside {@code allowed} is refused. */
    static Params of(Map<String, List<String>> values, String... allowed) {
        return new Params(values, Set.of(allowed));
    }

    /** A form's fields (read by {@link #readForm} first); the CSRF field is always allowed. */
    static Params form(Context ctx, String... allowed) {
        Set<String> names = new LinkedHashSet<>(Arrays.asList(allowed));
        names.add(Csrf.FIELD);
        return new Params(ctx.formParamMap(), names);
    }

    /**
     * Reads a write's body before anything looks at its fields: a write is an HTML form
     * ({@value #FORM_TYPE}, or no body at all), read whole and decoded here, so that a multipart body,
     * one that ends before its length or a broken chunk is a 415 or 400 that says so, not a 500 from
     * deep inside the server. A body over the size limit stays Javalin's 413.
     */
    static void readForm(Context ctx) {
        String type = ctx.contentType();
        if (type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith(FORM_TYPE)) {
            throw Refusal.unsupportedType("actions are sent as HTML forms (" + FORM_TYPE + "), was \"" + printable(type) + "\"");
        }
        String body;
        try {
            body = ctx.body();
        } catch (io.javalin.http.HttpResponseException tooLarge) {
            throw tooLarge;
        } catch (Exception unreadable) { // Jetty's early EOF or bad chunk, thrown unchecked through Kotlin
            throw Refusal.badRequest("the request body could not be read: it ended early or its framing is broken");
        }
        checkEscapes("the form", body);
        ctx.formParamMap();
    }

    /**
     * Refuses a {@code %} not followed by two hex digits: the decoder would drop such a parameter
     * without a word, and a filter that silently vanishes shows more than was asked for.
     */
    private static void checkEscapes(String where, @Nullable String encoded) {
        if (encoded != null && BROKEN_ESCAPE.matcher(encoded).find()) {
            throw Refusal.badRequest(where + " has a broken %-escape: '%' must be followed by two hex digits");
        }
    }

    /** The one value of {@code name}, or null when it is absent or empty. */
    @Nullable String single(String name) {
        List<String> list = values.getOrDefault(name, List.of());
        if (list.size() > 1) {
            throw Refusal.badRequest(name + " was given " + list.size() + " times; give it once");
        }
        return list.isEmpty() || list.get(0).isEmpty() ? null : list.get(0);
    }

    boolean has(String name) {
        return single(name) != null;
    }

    /** A matching value or null; {@code what} names the rule in the message. */
    @Nullable String matching(String name, Pattern pattern, String what) {
        String value = single(name);
        if (value != null && !pattern.matcher(value).matches()) {
            throw Refusal.badRequest(name + " must be " + what + ", was \"" + printable(value) + "\"");
        }
        return value;
    }

    @Nullable String queue(String name) {
        return matching(name, QUEUE, "a queue name (1-64 letters, digits, '.', '_' or '-')");
    }

    @Nullable String kind(String name) {
        return matching(name, KIND, "a job kind (1-128 letters, digits, '.', '_' or '-')");
    }

    /** Free text (a tag, a search) of 1..{@code max} characters. */
    @Nullable String text(String name, int max) {
        String value = single(name);
        if (value != null && value.length() > max) {
            throw Refusal.badRequest(name + " must be at most " + max + " characters, was " + value.length());
        }
        return value;
    }

    @Nullable Long id(String name) {
        String value = single(name);
        return value == null ? null : parseId(name, value);
    }

    /** A place in a time order ({@link JobCursor#text()}: {@code 2026-12-07T10:00:00.123456Z/42}), or null when absent. */
    @Nullable JobCursor cursor(String name) {
        String value = single(name);
        try {
            return value == null ? null : JobCursor.parse(value);
        } catch (IllegalArgumentException e) {
            throw Refusal.badRequest(name + ": " + e.getMessage());
        }
    }

    /** Every value of {@code name} as job ids, at most {@code max}, each once. */
    List<Long> ids(String name, int max) {
        List<String> raw = values.getOrDefault(name, List.of());
        if (raw.size() > max) {
            throw Refusal.badRequest("at most " + max + " jobs at once, was " + raw.size());
        }
        LinkedHashSet<Long> ids = new LinkedHashSet<>();
        raw.forEach(value -> ids.add(parseId(name, value)));
        return new ArrayList<>(ids);
    }

    /** Job states from repeated or comma-separated values; empty for all. */
    Set<JobState> states(String name) {
        Set<JobState> states = EnumSet.noneOf(JobState.class);
        for (String value : values.getOrDefault(name, List.of())) {
            for (String part : value.split(",", -1)) {
                if (part.isEmpty() && value.isEmpty()) {
                    continue;
                }
                states.add(state(name, part));
            }
        }
        return states;
    }

    static JobState state(String name, String value) {
        for (JobState state : JobState.values()) {
            if (state.dbName().equals(value)) {
                return state;
            }
        }
        throw Refusal.badRequest(name + " must be one of " + Arrays.stream(JobState.values()).map(JobState::dbName).toList()
                + ", was \"" + printable(value) + "\"");
    }

    /** An instant: ISO-8601 with a zone ({@code 2026-12-07T10:00:00Z}) or a browser's local date-time, read as UTC. */
    @Nullable Instant instant(String name) {
        String value = single(name);
        if (value == null) {
            return null;
        }
        try {
            Instant instant = value.endsWith("Z") || value.matches(".*[+-]\\d\\d:\\d\\d$")
                    ? java.time.OffsetDateTime.parse(value).toInstant()
                    : LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            dev.stevedore.spi.JobCursor.checkStorable(name, instant);
            return instant;
        } catch (IllegalArgumentException outOfRange) {
            throw Refusal.badRequest(outOfRange.getMessage());
        } catch (DateTimeParseException e) {
            throw Refusal.badRequest(name + " must be a date and time such as 2026-12-07T10:00 (UTC) or"
                    + " 2026-12-07T10:00:00Z, was \"" + printable(value) + "\"");
        }
    }

    /** A whole number in [min, max], or {@code otherwise} when absent. */
    int integer(String name, int min, int max, int otherwise) {
        String value = single(name);
        if (value == null) {
            return otherwise;
        }
        if (!value.matches("-?[0-9]{1,10}")) {
            throw Refusal.badRequest(name + " must be a whole number in [" + min + ", " + max + "], was \"" + printable(value) + "\"");
        }
        long number = Long.parseLong(value);
        if (number < min || number > max) {
            throw Refusal.badRequest(name + " must be in [" + min + ", " + max + "], was " + number);
        }
        return (int) number;
    }

    /** One of {@code choices} (lower-case names), or {@code otherwise} when absent. */
    String choice(String name, List<String> choices, String otherwise) {
        String value = single(name);
        if (value == null) {
            return otherwise;
        }
        if (!choices.contains(value)) {
            throw Refusal.badRequest(name + " must be one of " + choices + ", was \"" + printable(value) + "\"");
        }
        return value;
    }

    /** A path segment that must match {@code pattern}. */
    static String path(Context ctx, String name, Pattern pattern, String what) {
        String value = ctx.pathParam(name);
        if (!pattern.matcher(value).matches()) {
            throw Refusal.badRequest(name + " must be " + what + ", was \"" + printable(value) + "\"");
        }
        return value;
    }

    /** The {@code action} path segment, one of {@code actions}; any other is a 404 naming them. */
    static String pathAction(Context ctx, java.util.List<String> actions) {
        String action = ctx.pathParam("action");
        if (!actions.contains(action)) {
            throw Refusal.notFound("no action \"" + printable(action) + "\" here; there are " + actions);
        }
        return action;
    }

    static long pathId(Context ctx) {
        return parseId("id", ctx.pathParam("id"));
    }

    private static long parseId(String name, String value) {
        if (!ID.matcher(value).matches() || Long.parseLong(value) < 1) {
            throw Refusal.badRequest(name + " must be an id (a positive whole number), was \"" + printable(value) + "\"");
        }
        return Long.parseLong(value);
    }

    /** At most 80 characters of a value for a message, control characters shown as '?'. */
    static String printable(String value) {
        String cut = value.length() > 80 ? value.substring(0, 80) + "…" : value;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
