package dev.stevedore.cli;

import dev.stevedore.Alert;
import dev.stevedore.AlertQuery;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stevedore alerts}: the alerts the leader's rules fired, active ones and history, newest first. */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = "Lists the alerts fired by the leader's alert rules, newest first: active and resolved."
                + " Page with --before: the smallest id of the previous page.")
final class AlertsCommand extends OperatorCommand {
    @Option(names = "--active", description = "Only alerts that have not resolved.")
    boolean active;
    @Option(names = "--rule", paramLabel = "RULE", description = "Only this rule's alerts.")
    @Nullable String rule;
    @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
            description = "At most N alerts (1.." + AlertQuery.MAX_LIMIT + "). Default: ${DEFAULT-VALUE}.")
    int limit;
    @Option(names = "--before", paramLabel = "ID", description = "Only alerts with a smaller id (the next page).")
    @Nullable Long before;
    @Option(names = "--json", description = "Print JSON for scripts instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        AlertQuery query = Operator.asUsage(() -> new AlertQuery(limit, active, rule, before));
        List<Alert> alerts;
        Instant now;
        try (Operator operator = open()) {
            alerts = operator.node().alerts(query);
            now = operator.store().now();
        }
        return print(json, alerts, () -> table(alerts, now));
    }

    private void table(List<Alert> alerts, Instant now) {
        if (alerts.isEmpty()) {
            out().println(active ? "No active alerts." : "No alerts.");
            return;
        }
        TextTable table = new TextTable(">ALERT", "STATUS", ">FIRED", ">RESOLVED", "RULE", "SUBJECT", "MESSAGE");
        for (Alert alert : alerts) {
            table.row(alert.id(), alert.active() ? "active" : "resolved", IssuesCommand.ago(alert.firedAt(), now),
                    alert.resolvedAt() == null ? "-" : IssuesCommand.ago(alert.resolvedAt(), now), alert.rule(),
                    alert.subject(), IssuesCommand.oneLine(alert.message(), 100));
        }
        table.print(out());
        if (alerts.size() == limit) {
            out().printf("%nMore may match: add --before %d for the next page.%n", alerts.get(alerts.size() - 1).id());
        }
    }
}
