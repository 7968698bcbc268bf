package dev.stevedore.dashboard;

import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.spi.JobCursor;
import dev.stevedore.spi.JobFilter;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /jobs}: jobs filtered by state, queue, kind, tag, creation time and text in their arguments,
 * sorted by id (the ID and Created headings turn the order round) or, for waiting and finished jobs, by
 * the time that matters to them (the Scheduled and Finished headings), one keyset page at a time (never
 * an offset), with a form to act on the ones ticked and one to act on every job the filter matches.
 */
final class JobsPage implements Page {
    /** The {@code sort} values: each order's {@link JobFilter.Order#word() word}. */
    static final List<String> SORTS = Arrays.stream(JobFilter.Order.values()).map(JobFilter.Order::word).toList();
    private static final Map<JobFilter.Order, String> WORDS = Map.of(JobFilter.Order.NEWEST_FIRST, "newest first",
            JobFilter.Order.OLDEST_FIRST, "oldest first", JobFilter.Order.NEXT_TO_RUN, "next to run (scheduled, retryable)",
            JobFilter.Order.LATEST_FINISHED, "latest finished (completed, discarded, cancelled)");
    /** The one value of the {@code quarantined} filter: present, only quarantined jobs. */
    static final String ONLY = "1";
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    private final Source source;
    private final SearchWindow.Sizes windows;

    /** {@code windows}: how much of its index a filtered page reads ({@link SearchWindow}). */
    JobsPage(Source source, SearchWindow.Sizes windows) {
        this.source = source;
        this.windows = windows;
    }

    /** The parameters {@code /jobs} takes. */
    static final String[] PARAMETERS = {"state", "quarantined", "queue", "kind", "tag", "q", "from", "to", "sort", "limit",
            "before", "after", "cursor"};

    /** The filter, and every parameter of the page (order, page size) for links. */
    record Query(JobQuery jobs, String sort, Map<String, String> link) {
        JobFilter filter() {
            return jobs.filter();
        }
    }

    @Override
    public Html render(Context ctx, Visit visit) {
        Query query = parse(Params.query(ctx, PARAMETERS));
        // The window bounds this page's read only: the bulk form carries the filter without it, and with
        // the states a time order implies written out, so "all matching" means what the page lists.
        SearchWindow window = SearchWindow.of(source.store(), query.filter(), windows);
        List<Job> jobs = source.store().jobList(window == null ? query.filter() : window.filter());
        boolean searchFurther = window != null && jobs.size() < query.filter().limit() && window.moreBeyond(source.store());
        // An empty window is not "no jobs match": the notice says where the page looked instead.
        Html list = jobs.isEmpty() && searchFurther ? Html.EMPTY : JobsTable.render(query, jobs, visit);
        return Html.join(List.of(filters(query),
                visit.mayAct() ? JobBulkActions.form(visit, query.jobs().statesWritten()) : Html.EMPTY, list,
                searchFurther ? window.notice(query.link()) : Html.EMPTY, pager(query, jobs)));
    }

    /** The jobs filter a request asks for, or a {@link Refusal} (400) naming the parameter and the rule. */
    static Query parse(Params params) {
        String sort = params.choice("sort", SORTS, "newest");
        int limit = params.integer("limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
        JobQuery jobs = JobQuery.read(params, JobFilter.Order.ofWord(sort), limit, params.id("before"), params.id("after"),
                params.cursor("cursor"));
        Map<String, String> link = new LinkedHashMap<>(jobs.values());
        link.put("sort", sort);
        link.put("limit", String.valueOf(limit));
        return new Query(jobs, sort, link);
    }

    private static Html filters(Query query) {
        Map<String, String> v = query.link();
        List<Html> states = new ArrayList<>();
        for (JobState state : JobState.values()) {
            states.add(Html.of("<label><input type=\"checkbox\" name=\"state\" value=\"{}\"{}> {}</label>", state.dbName(),
                    new Html(query.filter().states().contains(state) ? " checked" : ""), state.dbName()));
        }
        states.add(Html.of("<label><input type=\"checkbox\" name=\"quarantined\" value=\"{}\" id=\"quarantined\"{}>"
                + " quarantined only</label>", ONLY,
                new Html(query.filter().jobs() == JobFilter.Only.QUARANTINED ? " checked" : "")));
        return Html.of("""
                <form method="get" action="/jobs" id="filters" class="filters">
                <fieldset><legend>State</legend>{}</fieldset>
                <label>Queue <input name="queue" value="{}" maxlength="64" pattern="[A-Za-z0-9._\\-]{1,64}"></label>
                <label>Kind <input name="kind" value="{}" maxlength="128"></label>
                <label>Tag <input name="tag" value="{}" maxlength="100"></label>
                <label>Arguments contain <input name="q" value="{}" maxlength="200" type="search"></label>
                <label>Created from <input name="from" value="{}" type="datetime-local" step="1"></label>
                <label>to <input name="to" value="{}" type="datetime-local" step="1"></label> <span class="hint">(UTC)</span>
                <label>Order <select name="sort">{}</select></label>
                <label>Per page <input name="limit" value="{}" type="number" min="1" max="500"></label>
                <button type="submit" id="apply">Filter</button> <a href="/jobs">Clear filters</a>
                </form>""", Html.join(states), v.get("queue"), v.get("kind"), v.get("tag"), v.get("q"),
                v.get("from"), v.get("to"), sortOptions(query.sort()), v.get("limit"));
    }

    private static Html sortOptions(String chosen) {
        List<Html> options = new ArrayList<>();
        for (JobFilter.Order order : JobFilter.Order.values()) {
            options.add(Html.of("<option value=\"{}\"{}>{}</option>", order.word(),
                    new Html(order.word().equals(chosen) ? " selected" : ""), WORDS.get(order)));
        }
        return Html.join(options);
    }

    private static Html pager(Query query, List<Job> jobs) {
        List<Html> links = new ArrayList<>();
        JobFilter filter = query.filter();
        if (filter.beforeId() != null || filter.afterId() != null || filter.cursor() != null) {
            links.add(Html.of("<a href=\"/jobs?{}\" id=\"first-page\">First page</a>", JobQuery.queryString(query.link())));
        }
        if (jobs.size() == filter.limit()) {
            Job last = jobs.get(jobs.size() - 1);
            String next = filter.order().byTime()
                    ? JobQuery.queryString(query.link(), "cursor", JobCursor.of(filter.order(), last).text())
                    : JobQuery.queryString(query.link(), filter.order() == JobFilter.Order.NEWEST_FIRST ? "before" : "after",
                            last.id());
            links.add(Html.of("<a href=\"/jobs?{}\" id=\"next-page\" rel=\"next\">Next page</a>", next));
        }
        return Html.of("<p class=\"pager\">{}</p>", Html.join(links));
    }
}
