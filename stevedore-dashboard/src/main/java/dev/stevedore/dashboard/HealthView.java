package dev.stevedore.dashboard;

import dev.stevedore.HealthComponent;
import dev.stevedore.QueueHealth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** How a queue's health score is shown: one badge on the overview and the queues table, the details below it. */
final class HealthView {
    /** Below this the score shows as poor (the alerting example in docs/health.md uses 50). */
    static final int POOR_BELOW = 50;
    /** From this up the score shows as good. */
    static final int GOOD_FROM = 80;

    private HealthView() {}

    /** Every queue's health by name, from one call. */
    static Map<String, QueueHealth> byQueue(Source source) {
        Map<String, QueueHealth> health = new TreeMap<>();
        source.node().queueHealth().forEach(h -> health.put(h.queue(), h));
        return health;
    }

    /** The score as a coloured badge; the cap, when there is one, as its tooltip. */
    static Html badge(QueueHealth health) {
        String band = health.score() < POOR_BELOW ? "poor" : health.score() < GOOD_FROM ? "fair" : "good";
        return Html.of("<span class=\"badge health-{}\" title=\"{}\">{}</span>", band,
                health.cap() == null ? "health score, 0-100" : health.cap(), health.score());
    }

    /** One queue's components (name, weight, sub-score, the figure in words) and recommendations. */
    static Html details(QueueHealth health) {
        List<Html> rows = new ArrayList<>();
        for (HealthComponent c : health.components()) {
            rows.add(Html.of("<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                    c.name(), Math.round(c.weight() * 100) + "%", c.score(), c.measured()));
        }
        List<Html> advice = new ArrayList<>();
        health.recommendations().forEach(r -> advice.add(Html.of("<li>{}</li>", r)));
        return Html.of("""
                <section class="health" id="health-{}"><h3>{} {}</h3>{}
                <table><thead><tr><th>Component</th><th class="num">Weight</th><th class="num">Score</th><th>Measured</th></tr></thead>
                <tbody>{}</tbody></table>{}</section>""",
                health.queue(), health.queue(), badge(health),
                health.cap() == null ? Html.EMPTY : Html.of("<p class=\"error\">Capped: {}.</p>", health.cap()),
                Html.join(rows), advice.isEmpty() ? Html.of("<p class=\"hint\">Nothing to do.</p>")
                        : Html.of("<ul class=\"recommendations\">{}</ul>", Html.join(advice)));
    }
}
