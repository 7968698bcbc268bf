package dev.stevedore.dashboard;

import dev.stevedore.JobState;
import dev.stevedore.spi.JobCursor;
import dev.stevedore.spi.JobFilter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The jobs filter a request gives (state, queue, kind, tag, creation time, text in the arguments), read
 * strictly, with the same values as the request spelled them for links and hidden form fields. The
 * jobs page reads it from the query string; the "all matching" actions from their form.
 *
 * @param filter the filter, at {@code limit} rows per read
 * @param values the parameters as given, in a stable order, for links and forms
 */
record JobQuery(JobFilter filter, Map<String, String> values) {
    /** The parameters that select jobs (not the order, page size or cursor). */
    static final List<String> FILTER_PARAMS = List.of("state", "quarantined", "queue", "kind", "tag", "q", "from", "to");

    /**
     * Reads the filter parameters of {@code params}; ordering and paging come from the caller. A state
     * filter the order does not list, or a cursor of the other kind of order, is a 400 that says so.
     */
    static JobQuery read(Params params, JobFilter.Order order, int limit, @Nullable Long beforeId, @Nullable Long afterId,
                         @Nullable JobCursor cursor) {
        Set<JobState> states = params.states("state");
        String queue = params.queue("queue");
        String kind = params.kind("kind");
        String tag = params.text("tag", 100);
        String search = params.text("q", JobFilter.MAX_SEARCH_CHARS);
        Instant from = params.instant("from");
        Instant to = params.instant("to");
        if (from != null && to != null && !from.isBefore(to)) {
            throw Refusal.badRequest("from must be before to, was " + from + " and " + to);
        }
        boolean quarantined = params.choice("quarantined", List.of(JobsPage.ONLY), null) != null;
        if (order.byTime() ? beforeId != null || afterId != null : cursor != null) {
            throw Refusal.badRequest(order.byTime() ? "before and after page the id orders (newest, oldest); this"
                    + " order pages with cursor" : "cursor pages the time orders (next, finished); this order pages"
                    + " with before and after");
        }
        JobFilter filter;
        try {
            JobFilter all = new JobFilter(states, queue, kind, tag, from, to, search, order, beforeId, afterId, limit);
            filter = quarantined ? all.quarantined() : all;
            filter = cursor == null ? filter : filter.after(cursor);
        } catch (IllegalArgumentException unfit) {
            throw Refusal.badRequest("the order does not fit the filter: " + unfit.getMessage());
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (!states.isEmpty()) {
            values.put("state", String.join(",", states.stream().map(JobState::dbName).toList()));
        }
        if (quarantined) {
            values.put("quarantined", JobsPage.ONLY);
        }
        putIfSet(values, "queue", queue);
        putIfSet(values, "kind", kind);
        putIfSet(values, "tag", tag);
        putIfSet(values, "q", search);
        putIfSet(values, "from", params.single("from"));
        putIfSet(values, "to", params.single("to"));
        return new JobQuery(filter, values);
    }

    private static void putIfSet(Map<String, String> values, String name, String value) {
        if (value != null) {
            values.put(name, value);
        }
    }

    /** The filter in words, as the audit log and the confirmation say it: {@code state=held queue=mail}, or "every job". */
    String describe() {
        return filter.describe();
    }

    /** The same query with one parameter's value replaced (for a form's fields; the filter itself is unchanged). */
    JobQuery with(String name, String value) {
        Map<String, String> changed = new LinkedHashMap<>(values);
        changed.put(name, value);
        return new JobQuery(filter, changed);
    }

    /**
     * The same query with the states the order implies written out ({@code state=retryable,scheduled}
     * for the jobs next to run), for a form that acts on every match whatever order it is read in.
     */
    JobQuery statesWritten() {
        return values.containsKey("state") || filter.states().isEmpty() ? this
                : with("state", String.join(",", filter.states().stream().sorted().map(JobState::dbName).toList()));
    }

    /** Hidden form fields carrying the filter. */
    Html hiddenFields() {
        List<Html> fields = new ArrayList<>();
        FILTER_PARAMS.forEach(name -> {
            if (values.containsKey(name)) {
                fields.add(Html.of("<input type=\"hidden\" name=\"{}\" value=\"{}\">", name, values.get(name)));
            }
        });
        return Html.join(fields);
    }

    /** A query string of {@code values} and then {@code name}'s {@code value} (a cursor, say), URL-encoded. */
    static String queryString(Map<String, String> values, String name, Object value) {
        Map<String, String> all = new LinkedHashMap<>(values);
        all.put(name, String.valueOf(value));
        return queryString(all);
    }

    /** A query string of {@code values}, URL-encoded (a page escapes it once more for the attribute). */
    static String queryString(Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        values.forEach((name, value) -> out.append(out.isEmpty() ? "" : "&").append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return out.toString();
    }
}
