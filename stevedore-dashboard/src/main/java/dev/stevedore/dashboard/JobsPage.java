package dev.stevedore.dashboard;

import dev.stevedore.AttemptError;
import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.spi.JobFilter;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /jobs}: jobs filtered by state, queue, kind, tag, creation time and text in their arguments,
 * sorted by id (the ID and Created headings turn the order round), one keyset page at a time (never an
 * offset), with a form to act on the ones ticked and one to act on every job the filter matches.
 */
final class JobsPage implements Page {
    static final List<String> SORTS = List.of("newest", "oldest");
    /** The one value of the {@code quarantined} filter: present, only quarantined jobs. */
    static final String ONLY = "1";
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    private final Source source;
    private final int scanWindow;

    /** {@code scanWindow}: how many job ids a filtered page searches ({@link ScanWindow}). */
    JobsPage(Source source, int scanWindow) {
        this.source = source;
        this.scanWindow = scanWindow;
    }

    /** The parameters {@code /jobs} takes. */
    static final String[] PARAMETERS = {"state", "quarantined", "queue", "kind", "tag", "q", "from", "to", "sort", "limit",
            "before", "after"};

    /** The filter, and every parameter of the page (order, page size) for links. */
    record Query(JobQuery jobs, String sort, Map<String, String> link) {
        JobFilter filter() {
            return jobs.filter();
        }
    }

    @Override
    public Html render(Context ctx, Visit visit) {
        Query query = parse(Params.query(ctx, PARAMETERS));
        // The window bounds this page's read only: the bulk form carries the filter without it.
        ScanWindow window = ScanWindow.of(source.store(), query.filter(), scanWindow);
        List<Job> jobs = source.store().jobList(window == null ? query.filter() : window.filter());
        boolean searchFurther = window != null && jobs.size() < query.filter().limit() && window.moreBeyond(source.store());
        // An empty window is not "no jobs match": the notice says where the page looked instead.
        Html list = jobs.isEmpty() && searchFurther ? Html.EMPTY : table(query, jobs, visit);
        return Html.join(List.of(filters(query), visit.mayAct() ? JobBulkActions.form(visit, query.jobs()) : Html.EMPTY,
                list, searchFurther ? searchFurther(query, window) : Html.EMPTY, pager(query, jobs)));
    }

    /** The jobs filter a request asks for, or a {@link Refusal} (400) naming the parameter and the rule. */
    static Query parse(Params params) {
        String sort = params.choice("sort", SORTS, "newest");
        int limit = params.integer("limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
        JobQuery jobs = JobQuery.read(params, sort.equals("oldest") ? JobFilter.Order.OLDEST_FIRST : JobFilter.Order.NEWEST_FIRST,
                limit, params.id("before"), params.id("after"));
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
                <label>Order <select name="sort"><option value="newest"{}>newest first</option><option value="oldest"{}>oldest first</option></select></label>
                <label>Per page <input name="limit" value="{}" type="number" min="1" max="500"></label>
                <button type="submit" id="apply">Filter</button> <a href="/jobs">Clear filters</a>
                </form>""", Html.join(states), v.get("queue"), v.get("kind"), v.get("tag"), v.get("q"),
                v.get("from"), v.get("to"), new Html("newest".equals(v.get("sort")) ? " selected" : ""),
                new Html("oldest".equals(v.get("sort")) ? " selected" : ""), v.get("limit"));
    }

    private static Html table(Query query, List<Job> jobs, Visit visit) {
        if (jobs.isEmpty()) {
            return Html.of("<p id=\"no-jobs\">No jobs match.</p>");
        }
        List<Html> rows = new ArrayList<>();
        for (Job job : jobs) {
            AttemptError last = job.errors().isEmpty() ? null : job.errors().get(job.errors().size() - 1);
            rows.add(Html.of("""
                    <tr id="job-{}"><td>{}</td><td><a href="/jobs/{}">{}</a></td><td><span class="badge state-{}">{}</span>{}</td><td>{}</td>
                    <td>{}</td><td class="num">{}/{}</td><td>{}</td><td>{}</td><td>{}</td></tr>""",
                    job.id(), visit.mayAct() ? Html.of("<input type=\"checkbox\" name=\"id\" value=\"{}\" form=\"actions\""
                            + " aria-label=\"select job {}\">", job.id(), job.id()) : Html.EMPTY,
                    job.id(), job.id(), job.state().dbName(), job.state().dbName(), JobPage.quarantineBadge(job),
                    job.queue(), job.kind(), job.attempt(),
                    job.maxAttempts(), String.join(", ", job.tags()), Format.ago(job.createdAt(), visit.now()),
                    last == null ? "" : Format.shorten(last.errorClass() + ": " + last.message(), 80)));
        }
        return Html.of("""
                {}
                <table id="jobs"><thead><tr><th></th><th>{}</th><th>State</th><th>Queue</th><th>Kind</th><th class="num">Attempt</th>
                <th>Tags</th><th>{}</th><th>Last error</th></tr></thead><tbody>{}</tbody></table>""",
                visit.mayAct() ? JobActions.form(visit, "Act on the jobs ticked below:") : Html.EMPTY,
                sortHeader(query, "ID", "sort-id"), sortHeader(query, "Created", "sort-created"), Html.join(rows));
    }

    /**
     * A column heading that sorts by it: the id and the creation time follow each other (ids are given in
     * enqueue order), so both sort by the primary key, the one order a keyset page keeps cheap at any
     * depth. A click turns the order round and starts at the first page.
     */
    private static Html sortHeader(Query query, String label, String id) {
        boolean newest = query.sort().equals("newest");
        Map<String, String> link = new LinkedHashMap<>(query.link());
        link.put("sort", newest ? "oldest" : "newest");
        return Html.of("<a href=\"/jobs?{}\" id=\"{}\" title=\"{}\" aria-sort=\"{}\">{} {}</a>",
                JobQuery.queryString(link), id, newest ? "newest first; click for oldest first" : "oldest first; click for newest first",
                newest ? "descending" : "ascending", label, newest ? "▼" : "▲");
    }

    /**
     * Said when a page ran out of ids to search before it was full, and jobs lie beyond: the matches may
     * go on there, and the link searches the next window, with the same filter.
     */
    private Html searchFurther(Query query, ScanWindow window) {
        boolean newest = query.filter().order() == JobFilter.Order.NEWEST_FIRST;
        return Html.of("""
                <p class="notice" id="window-notice">No more matches among job ids {}–{}. The dashboard searches {} job ids \
                per page so that each page answers quickly. <a href="/jobs?{}" id="search-further">{}</a></p>""",
                window.first(), window.last(), Format.count(scanWindow), link(query.link(), window.cursor(), window.cursorId()),
                newest ? "Search older jobs" : "Search newer jobs");
    }

    private static Html pager(Query query, List<Job> jobs) {
        List<Html> links = new ArrayList<>();
        boolean filtered = query.filter().beforeId() != null || query.filter().afterId() != null;
        if (filtered) {
            links.add(Html.of("<a href=\"/jobs?{}\" id=\"first-page\">First page</a>", link(query.link(), null, 0)));
        }
        if (jobs.size() == query.filter().limit()) {
            long last = jobs.get(jobs.size() - 1).id();
            String cursor = query.filter().order() == JobFilter.Order.NEWEST_FIRST ? "before" : "after";
            links.add(Html.of("<a href=\"/jobs?{}\" id=\"next-page\" rel=\"next\">Next page</a>", link(query.link(), cursor, last)));
        }
        return Html.of("<p class=\"pager\">{}</p>", Html.join(links));
    }

    /** The page's query string, with a cursor when {@code cursor} is not null. */
    private static String link(Map<String, String> values, String cursor, long id) {
        return JobQuery.queryString(values) + (cursor == null ? "" : "&" + cursor + "=" + id);
    }
}
