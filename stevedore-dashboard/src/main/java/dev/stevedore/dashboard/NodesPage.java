package dev.stevedore.dashboard;

import dev.stevedore.spi.NodeInfo;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code /nodes}: every node the store knows, with its heartbeat's age, queues, running jobs and memory. */
final class NodesPage implements Page {
    /** A node silent this long is shown as stale (the runtime's default rescue-after). */
    static final Duration STALE_AFTER = Duration.ofSeconds(30);
    private final Source source;

    NodesPage(Source source) {
        this.source = source;
    }

    static boolean stale(NodeInfo node, Instant now) {
        return Duration.between(node.heartbeatAt(), now).compareTo(STALE_AFTER) > 0;
    }

    @Override
    public Html render(Context ctx, Visit visit) {
        Params.query(ctx);
        List<NodeInfo> nodes = source.store().nodeList();
        String leader = source.store().leaderGet().orElse("");
        if (nodes.isEmpty()) {
            return Html.of("<p>No node has a heartbeat in this store: no worker is running.</p>");
        }
        List<Html> rows = new ArrayList<>();
        for (NodeInfo node : nodes) {
            var health = node.health();
            rows.add(Html.of("""
                    <tr class="{}"><td>{}{}</td><td>{}</td><td class="num">{}</td><td>{}</td><td>{}</td><td class="num">{}</td>
                    <td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td>{}</td><td>{}</td></tr>""",
                    stale(node, visit.now()) ? "stale" : "", node.nodeId(),
                    new Html(node.nodeId().equals(leader) ? " <span class=\"badge\">leader</span>" : ""),
                    node.host(), node.pid(), Format.ago(node.heartbeatAt(), visit.now()),
                    String.join(", ", node.queues()), node.running(), Format.bytes(health.heapUsed()),
                    Format.bytes(health.heapMax()), Format.bytes(health.rss()),
                    health.oldestJobId() == null ? Html.EMPTY
                            : Html.of("<a href=\"/jobs/{}\">{}</a> since {}", health.oldestJobId(), health.oldestJobId(),
                                    Format.ago(health.oldestJobSince(), visit.now())),
                    Format.ago(node.startedAt(), visit.now())));
        }
        return Html.of("""
                <table id="nodes"><thead><tr><th>Node</th><th>Host</th><th>PID</th><th>Heartbeat</th><th>Queues</th>
                <th>Running</th><th>Heap used</th><th>Heap max</th><th>RSS</th><th>Longest running job</th><th>Started</th></tr></thead>
                <tbody>{}</tbody></table>
                <p class="hint">A node silent for over {} is shown faded: its running jobs are rescued by the leader.</p>""",
                Html.join(rows), Format.duration(STALE_AFTER));
    }
}
