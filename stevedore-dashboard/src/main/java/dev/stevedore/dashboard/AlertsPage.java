package dev.stevedore.dashboard;

import dev.stevedore.Alert;
import dev.stevedore.AlertQuery;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code /alerts}: the active alerts, then the history (active and resolved), newest first, one keyset
 * page at a time; {@code ?active=true} keeps only the active ones, {@code ?rule=NAME} one rule's.
 */
final class AlertsPage implements Page {
    private static final int PAGE = 100;
    private final Source source;

    AlertsPage(Source source) {
        this.source = source;
    }

    @Override
    public Html render(Context ctx, Visit visit) {
        Params params = Params.query(ctx, "active", "rule", "before");
        boolean activeOnly = params.choice("active", List.of("true", "false"), "false").equals("true");
        String rule = params.matching("rule", Params.QUEUE, "an alert rule's name (1-64 letters, digits, '.', '_' or '-')");
        Long before = params.id("before");

        AlertQuery query = AlertQuery.latest(PAGE);
        query = activeOnly ? query.activeOnly() : query;
        query = rule == null ? query : query.rule(rule);
        AlertQuery page = new AlertQuery(query.limit(), query.active(), query.rule(), before);
        List<Alert> alerts = source.node().alerts(page);

        String ruleParam = rule == null ? "" : "rule=" + rule + "&";
        // The active ones lead the first page of the full list; the history below repeats them in its order.
        Html active = Html.EMPTY;
        if (!activeOnly && before == null) {
            List<Alert> firing = source.node().alerts(query.activeOnly());
            active = Html.of("<h2>Active</h2>{}{}<h2>History</h2>", table("active-alerts", firing, "No alert is active.", visit),
                    firing.size() < PAGE ? Html.EMPTY
                            : Html.of("<p class=\"pager\"><a href=\"/alerts?{}active=true\" id=\"more-active\">All active alerts</a></p>",
                                    ruleParam));
        }
        Html next = alerts.size() == PAGE
                ? Html.of("<p class=\"pager\"><a href=\"/alerts?{}{}before={}\" id=\"next-page\">Older</a></p>",
                        activeOnly ? "active=true&" : "", ruleParam, alerts.get(PAGE - 1).id())
                : Html.EMPTY;
        return Html.of("{}{}{}{}", filters(activeOnly, rule), active,
                table("alerts", alerts, nothing(activeOnly, rule, before), visit), next);
    }

    private static Html filters(boolean activeOnly, @Nullable String rule) {
        return Html.of("""
                <form class="filters" method="get" action="/alerts">
                <label>Rule <input name="rule" value="{}"></label>
                <label><input type="checkbox" name="active" value="true"{}> active only</label>
                <button type="submit">Show</button></form>""",
                rule == null ? "" : rule, new Html(activeOnly ? " checked" : ""));
    }

    private static String nothing(boolean activeOnly, @Nullable String rule, @Nullable Long before) {
        return "No " + (activeOnly ? "active " : "") + "alert" + (rule == null ? "" : " of rule " + rule)
                + (before == null ? " yet." : " before this point.");
    }

    private static Html table(String id, List<Alert> alerts, String empty, Visit visit) {
        if (alerts.isEmpty()) {
            return Html.of("<p id=\"{}-none\">{}</p>", id, empty);
        }
        List<Html> rows = new ArrayList<>();
        for (Alert a : alerts) {
            rows.add(Html.of("<tr id=\"{}-{}\"><td><a href=\"/alerts?rule={}\">{}</a></td><td>{}</td><td>{} ({})</td><td>{}</td><td>{}</td></tr>",
                    id, a.id(), a.rule(), a.rule(), a.subject(), Format.time(a.firedAt()), Format.ago(a.firedAt(), visit.now()),
                    a.resolvedAt() == null ? Html.of("<span class=\"badge firing\">active</span>") : Format.time(a.resolvedAt()),
                    a.message()));
        }
        return Html.of("""
                <table id="{}"><thead><tr><th>Rule</th><th>Subject</th><th>Fired</th><th>Resolved</th><th>Message</th></tr></thead>
                <tbody>{}</tbody></table>""", id, Html.join(rows));
    }
}
