package dev.stevedore.dashboard;

import dev.stevedore.AlertQuery;
import dev.stevedore.Issue;
import dev.stevedore.IssueQuery;
import dev.stevedore.IssueStatus;
import dev.stevedore.JobState;
import dev.stevedore.QueueHealth;
import dev.stevedore.StatsQuery;
import dev.stevedore.spi.NodeInfo;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@code /}: totals by state, active alerts, each queue's health score, throughput and latency charts, nodes, the open issues. */
final class OverviewPage implements Page {
    private static final List<String> RANGES = Arrays.stream(Chart.Range.values()).map(Chart.Range::param).toList();
    private final Source source;

    OverviewPage(Source source) {
        this.source = source;
    }

    @Override
    public Html render(Context ctx, Visit visit) {
        Params params = Params.query(ctx, "range");
        Chart.Range range = Chart.Range.valueOf(params.choice("range", RANGES, "hour").toUpperCase(java.util.Locale.ROOT));
        Counts counts = Counts.of(source.store().queueCounts());
        String chart = Chart.json(source.node().stats(StatsQuery.between(Chart.from(range, visit.now()), visit.now().plusSeconds(60))),
                range, visit.now());
        return Html.join(List.of(counters(counts), alertsAndHealth(), charts(range, chart), nodes(visit), issues(visit)));
    }

    static Html counters(Counts counts) {
        List<Html> cells = new ArrayList<>();
        for (JobState state : JobState.values()) {
            cells.add(Html.of("<a class=\"counter state-{}\" href=\"/jobs?state={}\"><span class=\"n\" data-state=\"{}\">{}</span>"
                    + "<span class=\"label\">{}</span></a>", state.dbName(), state.dbName(), state.dbName(),
                    counts.shown(state), state.dbName()));
        }
        return Html.of("<section class=\"counters\" id=\"counters\" data-live=\"/events/jobs\">{}</section>", Html.join(cells));
    }

    /** The number of active alerts (linking to them) and every queue's score (linking to its details). */
    private Html alertsAndHealth() {
        int active = source.node().alerts(AlertQuery.latest(AlertQuery.MAX_LIMIT).activeOnly()).size();
        String count = active == AlertQuery.MAX_LIMIT ? AlertQuery.MAX_LIMIT + "+" : String.valueOf(active);
        List<Html> scores = new ArrayList<>();
        for (QueueHealth health : HealthView.byQueue(source).values()) {
            scores.add(Html.of("<li><a href=\"/queues#health-{}\">{}</a> {}</li>", health.queue(), health.queue(),
                    HealthView.badge(health)));
        }
        return Html.of("""
                <section class="overview-health"><h2>Alerts and health</h2>
                <p><a href="/alerts?active=true" id="active-alerts" class="{}">{} active alert(s)</a></p>
                {}</section>""", active == 0 ? "quiet" : "firing", count,
                scores.isEmpty() ? Html.of("<p>No queue is known yet.</p>")
                        : Html.of("<ul class=\"health-list\" id=\"queue-health\">{}</ul>", Html.join(scores)));
    }

    private static Html charts(Chart.Range range, String json) {
        List<Html> links = new ArrayList<>();
        for (Chart.Range r : Chart.Range.values()) {
            links.add(Html.of("<a href=\"/?range={}\"{}>last {}</a> ", r.param(),
                    new Html(r == range ? " class=\"active\"" : ""), r.param()));
        }
        return Html.of("""
                <section id="charts"{}><h2>Throughput and latency</h2><p class="ranges">{}</p>
                <div class="charts"><figure><div class="chart-box"><canvas id="throughput" aria-label="jobs completed and failed"></canvas></div>
                <figcaption>Completed, failed and discarded per slot</figcaption></figure>
                <figure><div class="chart-box"><canvas id="latency" aria-label="mean wait and run time"></canvas></div>
                <figcaption>Mean wait (due to start) and run time, ms</figcaption></figure></div>
                <script type="application/json" id="chart-data">{}</script></section>
                """, new Html(range == Chart.Range.HOUR ? " data-live=\"/events/metrics\"" : ""), Html.join(links), new Html(json));
    }

    private Html nodes(Visit visit) {
        List<NodeInfo> nodes = source.store().nodeList();
        long stale = nodes.stream().filter(n -> NodesPage.stale(n, visit.now())).count();
        String leader = source.store().leaderGet().orElse("none");
        return Html.of("<section><h2>Nodes</h2><p>{} node(s), {} silent for over {}; leader: {}. <a href=\"/nodes\">Details</a></p></section>",
                nodes.size(), stale, Format.duration(NodesPage.STALE_AFTER), leader);
    }

    private Html issues(Visit visit) {
        List<Issue> open = source.node().issues(IssueQuery.latest(5).status(IssueStatus.OPEN));
        if (open.isEmpty()) {
            return Html.of("<section><h2>Open issues</h2><p>None.</p></section>");
        }
        List<Html> rows = new ArrayList<>();
        for (Issue issue : open) {
            rows.add(Html.of("<tr><td><a href=\"/issues/{}\">{}</a></td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                    issue.id(), issue.kind(), issue.errorClass(), Format.shorten(issue.message(), 100), issue.count(),
                    Format.ago(issue.lastSeen(), visit.now())));
        }
        return Html.of("""
                <section><h2>Open issues</h2><table><thead><tr><th>Kind</th><th>Error</th><th>Message</th>
                <th>Count</th><th>Last seen</th></tr></thead><tbody>{}</tbody></table>
                <p><a href="/issues">All issues</a></p></section>""", Html.join(rows));
    }
}
