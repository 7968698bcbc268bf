package dev.stevedore.dashboard;

import dev.stevedore.Issue;
import dev.stevedore.IssueQuery;
import dev.stevedore.IssueStatus;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /issues}: failures grouped by fingerprint, latest seen first, by status and kind, keyset-paged,
 * each with a sparkline of its failures over the last day.
 */
final class IssuesPage implements Page {
    static final List<String> STATUSES = List.of("open", "resolved", "ignored", "all");
    private static final int PAGE = 50;
    private final Source source;

    IssuesPage(Source source) {
        this.source = source;
    }

    @Override
    public Html render(Context ctx, Visit visit) {
        Params params = Params.query(ctx, "status", "kind", "after");
        String status = params.choice("status", STATUSES, "open");
        String kind = params.kind("kind");
        String after = params.matching("after", Params.ISSUE, "an issue id (16 hex digits)");
        IssueQuery query = IssueQuery.latest(PAGE);
        if (!status.equals("all")) {
            query = query.status(IssueStatus.valueOf(status.toUpperCase(java.util.Locale.ROOT)));
        }
        if (kind != null) {
            query = query.kind(kind);
        }
        if (after != null) {
            Issue last = source.node().issue(after).orElseThrow(() -> Refusal.notFound("no issue " + after));
            query = query.after(last);
        }
        List<Issue> issues = source.node().issues(query);
        List<Html> tabs = new ArrayList<>();
        for (String s : STATUSES) {
            tabs.add(Html.of("<a href=\"/issues?status={}\"{}>{}</a> ", s, new Html(s.equals(status) ? " class=\"active\"" : ""), s));
        }
        Sparkline sparkline = Sparkline.of(source.store(), issues.stream().map(Issue::id).toList(), visit.now());
        List<Html> rows = new ArrayList<>();
        for (Issue issue : issues) {
            rows.add(Html.of("""
                    <tr id="issue-{}"><td><a href="/issues/{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td class="num" data-issue-count="{}">{}</td>
                    <td>{}</td><td>{}</td><td data-issue-seen="{}">{}</td><td>{}{}</td></tr>""",
                    issue.id(), issue.id(), issue.kind(), issue.errorClass(), Format.shorten(issue.message(), 100),
                    String.join(", ", issue.queues()), issue.id(), issue.count(), sparkline.svg(issue.id()),
                    Format.ago(issue.firstSeen(), visit.now()), issue.id(), Format.ago(issue.lastSeen(), visit.now()), issue.status().dbName(),
                    issue.regressed() ? Html.of(" <span class=\"badge state-discarded\">regressed</span>") : Html.EMPTY));
        }
        Html next = issues.size() == PAGE ? Html.of("<p class=\"pager\"><a id=\"next-page\" href=\"/issues?status={}&amp;after={}\">Next page</a></p>",
                status, issues.get(PAGE - 1).id()) : Html.EMPTY;
        return Html.of("""
                <p class="ranges">{}</p><div data-live="/events/issues">{}</div>
                <section><h2>Latest failures (live)</h2><ul id="live-failures" data-live="/events/failures"><li class="hint">New failed
                attempts appear here as they are recorded.</li></ul></section>""", Html.join(tabs), issues.isEmpty() ? Html.of("<p id=\"no-issues\">No {} issue.</p>", status)
                : Html.of("""
                <table id="issues"><thead><tr><th>Kind</th><th>Error</th><th>Message</th><th>Queues</th><th class="num">Count</th>
                <th>Last 24 hours</th><th>First seen</th><th>Last seen</th><th>Status</th></tr></thead><tbody>{}</tbody></table>{}""", Html.join(rows), next));
    }
}
