package dev.stevedore.dashboard;

import dev.stevedore.AttemptError;
import dev.stevedore.Job;
import dev.stevedore.spi.JobFilter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The table of one page of {@code /jobs}, whose headings sort it: ID and Created by id (a click turns
 * the order round), and, where every job listed has one, the time column of a time order (Scheduled
 * for waiting jobs, Finished for finished ones), which sorts by that time.
 */
final class JobsTable {
    private JobsTable() {}

    static Html render(JobsPage.Query query, List<Job> jobs, Visit visit) {
        if (jobs.isEmpty()) {
            return Html.of("<p id=\"no-jobs\">No jobs match.</p>");
        }
        JobFilter.Order timed = timeColumn(query.filter());
        List<Html> rows = new ArrayList<>();
        for (Job job : jobs) {
            AttemptError last = job.errors().isEmpty() ? null : job.errors().get(job.errors().size() - 1);
            rows.add(Html.of("""
                    <tr id="job-{}"><td>{}</td><td><a href="/jobs/{}">{}</a></td><td><span class="badge state-{}">{}</span>{}</td><td>{}</td>
                    <td>{}</td><td class="num">{}/{}</td><td>{}</td><td>{}</td>{}<td>{}</td></tr>""",
                    job.id(), visit.mayAct() ? Html.of("<input type=\"checkbox\" name=\"id\" value=\"{}\" form=\"actions\""
                            + " aria-label=\"select job {}\">", job.id(), job.id()) : Html.EMPTY,
                    job.id(), job.id(), job.state().dbName(), job.state().dbName(), JobPage.quarantineBadge(job),
                    job.queue(), job.kind(), job.attempt(),
                    job.maxAttempts(), String.join(", ", job.tags()), Format.ago(job.createdAt(), visit.now()),
                    timed == null ? Html.EMPTY : Html.of("<td title=\"{}\">{}</td>", Format.time(timed.time(job)),
                            Format.ago(timed.time(job), visit.now())),
                    last == null ? "" : Format.shorten(last.errorClass() + ": " + last.message(), 80)));
        }
        return Html.of("""
                {}
                <table id="jobs"><thead><tr><th></th><th>{}</th><th>State</th><th>Queue</th><th>Kind</th><th class="num">Attempt</th>
                <th>Tags</th><th>{}</th>{}<th>Last error</th></tr></thead><tbody>{}</tbody></table>""",
                visit.mayAct() ? JobActions.form(visit, "Act on the jobs ticked below:") : Html.EMPTY,
                idHeader(query, "ID", "sort-id"), idHeader(query, "Created", "sort-created"),
                timed == null ? Html.EMPTY : Html.of("<th>{}</th>", timeHeader(query, timed)), Html.join(rows));
    }

    /**
     * The time order whose column the page shows: its own, or the one whose states hold every state the
     * filter asks for (state=held,completed has none). Null for an id order over every state.
     */
    static JobFilter.@Nullable Order timeColumn(JobFilter filter) {
        if (filter.order().byTime()) {
            return filter.order();
        }
        for (JobFilter.Order order : List.of(JobFilter.Order.NEXT_TO_RUN, JobFilter.Order.LATEST_FINISHED)) {
            if (!filter.states().isEmpty() && order.states().containsAll(filter.states())) {
                return order;
            }
        }
        return null;
    }

    /**
     * A heading that sorts by id: the id and the creation time follow each other (ids are given in
     * enqueue order), so both sort by the primary key, the one order a keyset page keeps cheap at any
     * depth for every state. A click turns the order round, or from a time order goes to newest first,
     * and starts at the first page.
     */
    private static Html idHeader(JobsPage.Query query, String label, String id) {
        String sort = query.sort();
        boolean byId = !query.filter().order().byTime();
        String to = sort.equals("newest") ? "oldest" : "newest";
        String now = switch (sort) {
            case "newest" -> "newest first; ";
            case "oldest" -> "oldest first; ";
            default -> "";
        };
        return Html.of("<a href=\"/jobs?{}\" id=\"{}\" title=\"{}click for {} first\" aria-sort=\"{}\">{}{}</a>",
                withSort(query, to), id, now, to, !byId ? "none" : sort.equals("newest") ? "descending" : "ascending",
                label, !byId ? "" : sort.equals("newest") ? " ▼" : " ▲");
    }

    /**
     * The time column's heading: it sorts by that time along the index of its states (earliest due
     * first, or latest finished first; one direction each, the one an operator reads them in).
     */
    private static Html timeHeader(JobsPage.Query query, JobFilter.Order order) {
        boolean next = order == JobFilter.Order.NEXT_TO_RUN;
        boolean sorted = query.filter().order() == order;
        return Html.of("<a href=\"/jobs?{}\" id=\"{}\" title=\"{}\" aria-sort=\"{}\">{}{}</a>",
                withSort(query, order.word()), next ? "sort-scheduled" : "sort-finished",
                next ? "earliest due first" : "latest finished first", !sorted ? "none" : next ? "ascending" : "descending",
                next ? "Scheduled" : "Finished", !sorted ? "" : next ? " ▲" : " ▼");
    }

    /**
     * The page's query with {@code sort} instead of its own, from the first page. The states a time order
     * implies are written out, so that turning to an id order keeps to the jobs the page lists.
     */
    private static String withSort(JobsPage.Query query, String sort) {
        Map<String, String> link = new LinkedHashMap<>(query.jobs().statesWritten().values());
        link.put("sort", sort);
        link.put("limit", query.link().get("limit"));
        return JobQuery.queryString(link);
    }
}
