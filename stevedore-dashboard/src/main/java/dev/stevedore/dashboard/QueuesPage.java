package dev.stevedore.dashboard;

import dev.stevedore.BreakerState;
import dev.stevedore.JobState;
import dev.stevedore.PausedQueue;
import dev.stevedore.QueueHealth;
import dev.stevedore.spi.NodeInfo;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code /queues}: each queue's health score, depth by state, concurrency, pause, the nodes serving it;
 * then each queue's health components and recommendations, the limits and the breakers.
 */
final class QueuesPage implements Page {
    private final Source source;

    QueuesPage(Source source) {
        this.source = source;
    }

    @Override
    public Html render(Context ctx, Visit visit) {
        Params.query(ctx);
        Counts counts = Counts.of(source.store().queueCounts());
        Map<String, PausedQueue> paused = new TreeMap<>();
        source.node().pausedQueues().forEach(p -> paused.put(p.queue(), p));
        Map<String, Integer> concurrency = source.node().queueConcurrency();
        List<NodeInfo> nodes = source.store().nodeList();
        TreeSet<String> queues = new TreeSet<>(counts.byQueue().keySet());
        queues.addAll(paused.keySet());
        queues.addAll(concurrency.keySet());
        nodes.forEach(n -> queues.addAll(n.queues()));
        // One call scores every queue; asking queue by queue would read the roll-ups once per queue.
        Map<String, QueueHealth> health = HealthView.byQueue(source);
        queues.addAll(health.keySet());

        List<Html> header = new ArrayList<>();
        for (JobState state : JobState.values()) {
            header.add(Html.of("<th class=\"num\">{}</th>", state.dbName()));
        }
        List<Html> rows = new ArrayList<>();
        for (String queue : queues) {
            List<Html> cells = new ArrayList<>();
            for (JobState state : JobState.values()) {
                long n = counts.of(queue, state);
                cells.add(n == 0 ? Html.of("<td class=\"num zero\">0</td>")
                        : Html.of("<td class=\"num\"><a href=\"/jobs?queue={}&amp;state={}\">{}</a></td>", queue, state.dbName(),
                                counts.shown(queue, state)));
            }
            long serving = nodes.stream().filter(n -> n.queues().contains(queue) && !NodesPage.stale(n, visit.now())).count();
            PausedQueue pause = paused.get(queue);
            rows.add(Html.of("""
                    <tr id="queue-{}"><td><a href="/jobs?queue={}">{}</a></td><td class="num"><a href="#health-{}">{}</a></td><td class="num">{}</td><td class="num">{}</td>{}
                    <td>{}</td><td class="actions">{}</td></tr>""",
                    queue, queue, queue, queue, health.containsKey(queue) ? HealthView.badge(health.get(queue)) : "–",
                    concurrency.containsKey(queue) ? concurrency.get(queue) : "–", serving,
                    Html.join(cells), pause == null ? Html.EMPTY
                            : Html.of("<span class=\"badge paused\">paused</span> {}", Format.ago(pause.pausedAt(), visit.now())),
                    actions(queue, pause != null, visit)));
        }
        return Html.of("""
                <table id="queues"><thead><tr><th>Queue</th><th class="num" title="0 (broken) to 100 (healthy)">Health</th>
                <th class="num" title="on this node">Concurrency</th>
                <th class="num">Nodes</th>{}<th>Paused</th><th></th></tr></thead><tbody>{}</tbody></table>
                <p class="hint">Concurrency is this node's; other nodes may serve a queue with their own.</p>
                <h2>Health</h2><p class="hint">Each score, 0 (broken) to 100 (healthy), is the weighted sum of its
                components; see docs/health.md.</p>{}
                <h2>Limits</h2>{}
                <h2>Circuit breakers</h2>{}""", Html.join(header), Html.join(rows), health(health.values()), limits(), breakers(visit));
    }

    private static Html actions(String queue, boolean paused, Visit visit) {
        if (!visit.mayAct()) {
            return Html.EMPTY;
        }
        return Html.of("""
                <form method="post" action="/queues/{}/{}">{}<button type="submit">{}</button></form>
                <form method="post" action="/queues/{}/clear">{}<button type="submit" class="danger">clear</button></form>""",
                queue, paused ? "resume" : "pause", visit.csrfField(), paused ? "resume" : "pause", queue, visit.csrfField());
    }

    private static Html health(java.util.Collection<QueueHealth> health) {
        if (health.isEmpty()) {
            return Html.of("<p>No queue is known yet.</p>");
        }
        List<Html> sections = new ArrayList<>();
        health.forEach(h -> sections.add(HealthView.details(h)));
        return Html.join(sections);
    }

    private Html limits() {
        Map<String, String> limits = source.node().limits();
        if (limits.isEmpty()) {
            return Html.of("<p>This node declares no limit.</p>");
        }
        List<Html> rows = new ArrayList<>();
        limits.forEach((name, rule) -> rows.add(Html.of("<tr><td>{}</td><td>{}</td></tr>", name, rule)));
        return Html.of("<table id=\"limits\"><thead><tr><th>Limit</th><th>Rule (as this node declares it)</th></tr></thead>"
                + "<tbody>{}</tbody></table>", Html.join(rows));
    }

    private Html breakers(Visit visit) {
        List<BreakerState> breakers = source.node().breakers();
        if (breakers.isEmpty()) {
            return Html.of("<p>No breaker has counted an outcome yet.</p>");
        }
        List<Html> rows = new ArrayList<>();
        for (BreakerState b : breakers) {
            rows.add(Html.of("<tr><td>{}</td><td><span class=\"badge breaker-{}\">{}</span></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    b.name(), b.status().dbName(), b.status().dbName(), Format.ago(b.since(), visit.now()),
                    b.openUntil() == null ? "" : Format.ago(b.openUntil(), visit.now()), b.reason()));
        }
        return Html.of("""
                <table id="breakers"><thead><tr><th>Breaker</th><th>Status</th><th>Since</th><th>Probe allowed</th>
                <th>Why</th></tr></thead><tbody>{}</tbody></table>""", Html.join(rows));
    }
}
