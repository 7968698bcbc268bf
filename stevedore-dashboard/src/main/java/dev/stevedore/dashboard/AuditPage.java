package dev.stevedore.dashboard;

import dev.stevedore.spi.AuditEntry;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/** {@code /audit}: every operator action, newest first, one keyset page at a time. */
final class AuditPage implements Page {
    private static final int PAGE = 100;
    private final Source source;

    AuditPage(Source source) {
        this.source = source;
    }

    @Override
    public Html render(Context ctx, Visit visit) {
        Params params = Params.query(ctx, "before");
        List<AuditEntry> entries = source.store().auditList(params.id("before"), PAGE);
        if (entries.isEmpty()) {
            return Html.of("<p id=\"no-entries\">No operator action recorded{}.</p>",
                    params.has("before") ? " before this point" : " yet");
        }
        List<Html> rows = new ArrayList<>();
        for (AuditEntry e : entries) {
            List<Html> jobs = new ArrayList<>();
            for (long id : e.jobIds().subList(0, Math.min(20, e.jobIds().size()))) {
                jobs.add(Html.of("<a href=\"/jobs/{}\">{}</a> ", id, id));
            }
            if (e.jobIds().size() > 20) {
                jobs.add(Html.of("and {} more", e.jobIds().size() - 20));
            }
            rows.add(Html.of("<tr id=\"audit-{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    e.id(), Format.time(e.at()), e.actor(), e.action(), e.target(), Html.join(jobs), e.outcome()));
        }
        Html next = entries.size() == PAGE
                ? Html.of("<p class=\"pager\"><a href=\"/audit?before={}\" id=\"next-page\">Older</a></p>", entries.get(PAGE - 1).id())
                : Html.EMPTY;
        return Html.of("""
                <table id="audit"><thead><tr><th>When</th><th>Who</th><th>What</th><th>On</th><th>Jobs</th><th>Outcome</th></tr></thead>
                <tbody>{}</tbody></table>{}""", Html.join(rows), next);
    }
}
