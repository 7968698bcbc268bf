package dev.stevedore.dashboard;

import dev.stevedore.Failure;
import dev.stevedore.FailureQuery;
import dev.stevedore.Issue;
import dev.stevedore.IssueStatus;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/** {@code /issues/{id}}: one issue: counts, first and last seen, its stack, sample jobs, recent failures, and the actions. */
final class IssuePage implements Page {
    private final Source source;

    IssuePage(Source source) {
        this.source = source;
    }

    @Override
    public String title(Context ctx, String routed) {
        return "Issue " + ctx.pathParam("id");
    }

    static String id(Context ctx) {
        return Params.path(ctx, "id", Params.ISSUE, "an issue id (16 hex digits)");
    }

    @Override
    public Html render(Context ctx, Visit visit) {
        String id = id(ctx);
        Params.query(ctx);
        Issue issue = source.node().issue(id).orElseThrow(() -> Refusal.notFound("no issue " + id));
        List<Html> samples = new ArrayList<>();
        issue.sampleJobIds().forEach(job -> samples.add(Html.of("<a href=\"/jobs/{}\">{}</a> ", job, job)));
        List<Html> failures = new ArrayList<>();
        for (Failure f : source.node().failures(FailureQuery.newest(20).issue(id))) {
            failures.add(Html.of("<tr><td>{}</td><td><a href=\"/jobs/{}\">{}</a></td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    Format.ago(f.at(), visit.now()), f.jobId(), f.jobId(), f.attempt(), f.queue(), f.node(), Format.shorten(f.message(), 120)));
        }
        return Html.of("""
                <dl class="summary" id="summary"><dt>Status</dt><dd id="status">{}{}</dd><dt>Kind</dt><dd>{}</dd>
                <dt>Error</dt><dd>{}</dd><dt>Count</dt><dd>{}</dd><dt>First seen</dt><dd>{} ({})</dd>
                <dt>Last seen</dt><dd>{} ({})</dd><dt>Queues</dt><dd>{}</dd><dt>Sample jobs</dt><dd>{}</dd></dl>
                {}
                <h2>Latest message</h2><p class="error-message">{}</p><pre class="stack">{}</pre>
                <h2>Recent failures</h2><table id="failures"><thead><tr><th>When</th><th>Job</th><th class="num">Attempt</th>
                <th>Queue</th><th>Node</th><th>Message</th></tr></thead><tbody>{}</tbody></table>""",
                issue.status().dbName(), issue.regressed() ? " (regressed " + Format.ago(issue.regressedAt(), visit.now()) + ")" : "",
                issue.kind(), issue.errorClass(), issue.count(), Format.time(issue.firstSeen()), Format.ago(issue.firstSeen(), visit.now()),
                Format.time(issue.lastSeen()), Format.ago(issue.lastSeen(), visit.now()), String.join(", ", issue.queues()),
                Html.join(samples), visit.mayAct() ? actions(issue, visit) : Html.EMPTY, issue.message(), issue.stack(),
                Html.join(failures));
    }

    private static Html actions(Issue issue, Visit visit) {
        List<Html> forms = new ArrayList<>();
        for (String action : IssueActions.ACTIONS) {
            boolean pointless = (action.equals("resolve") && issue.status() == IssueStatus.RESOLVED)
                    || (action.equals("ignore") && issue.status() == IssueStatus.IGNORED)
                    || (action.equals("reopen") && issue.status() == IssueStatus.OPEN);
            if (!pointless) {
                forms.add(Html.of("<form method=\"post\" action=\"/issues/{}/{}\">{}<button type=\"submit\" id=\"issue-{}\">{}</button></form> ",
                        issue.id(), action, visit.csrfField(), action, action));
            }
        }
        return Html.of("<p class=\"actions\">{}</p>", Html.join(forms));
    }
}
