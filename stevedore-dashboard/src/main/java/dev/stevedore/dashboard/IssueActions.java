package dev.stevedore.dashboard;

import dev.stevedore.Issue;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;

/** {@code POST /issues/{id}/resolve|ignore|reopen}: sets an issue's status through the node; audited. */
final class IssueActions implements Page {
    static final List<String> ACTIONS = List.of("resolve", "ignore", "reopen");
    private final Source source;
    private final AuditLog audit;

    IssueActions(Source source, AuditLog audit) {
        this.source = source;
        this.audit = audit;
    }

    @Override
    public Html render(Context ctx, Visit visit) {
        String id = IssuePage.id(ctx);
        String action = Params.pathAction(ctx, ACTIONS);
        Params.form(ctx);
        Optional<Issue> issue = switch (action) {
            case "resolve" -> source.node().resolveIssue(id);
            case "ignore" -> source.node().ignoreIssue(id);
            default -> source.node().reopenIssue(id);
        };
        Issue changed = issue.orElseThrow(() -> Refusal.notFound("no issue " + id));
        String done = "Issue " + id + " (" + changed.kind() + ", " + changed.errorClass() + ") is now " + changed.status().dbName() + ".";
        Html warning = audit.record(visit, "issue." + action, id, List.of(), done);
        return Layout.done(done, warning, "/issues/" + id, "Back to the issue");
    }
}
