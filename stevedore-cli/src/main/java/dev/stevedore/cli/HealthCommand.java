package dev.stevedore.cli;

import dev.stevedore.HealthComponent;
import dev.stevedore.QueueHealth;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stevedore health}: each queue's health score, its components and what to do. */
@Command(name = "health", mixinStandardHelpOptions = true,
        description = {"Scores each queue's health from 0 to 100 (failure rate, latency against its target, backlog"
                + " trend, stuck jobs, open breakers; capped when no live node serves ready jobs), shows each component"
                + " with its figure, and recommends what to do.", "See docs/health.md."})
final class HealthCommand extends OperatorCommand {
    @Option(names = "--queue", paramLabel = "QUEUE", description = "Only this queue.")
    @Nullable String queue;

    @Option(names = {"-cp", "--classpath"}, paramLabel = "JAR_OR_DIR[:...]",
            description = "The application's jars, as given to 'stevedore worker --classpath': its breakers are then"
                    + " matched to the queues they cover.")
    @Nullable String classpath;

    @Option(names = "--json", description = "Print JSON for scripts instead of tables.")
    boolean json;

    @Override
    public Integer call() {
        List<QueueHealth> health;
        try (Operator operator = Operator.open(database.url(), classpath)) {
            health = queue == null ? operator.node().queueHealth()
                    : List.of(Operator.asUsage(() -> operator.node().queueHealth(queue)));
        }
        return print(json, queue == null ? health : health.get(0), () -> print(health, out()));
    }

    static void print(List<QueueHealth> health, PrintWriter out) {
        if (health.isEmpty()) {
            out.println("No queues.");
            return;
        }
        for (int i = 0; i < health.size(); i++) {
            if (i > 0) {
                out.println();
            }
            QueueHealth h = health.get(i);
            out.println(h.queue() + ": " + h.score() + "/100" + (h.cap() == null ? "" : " (capped: " + h.cap() + ")"));
            TextTable table = new TextTable("  COMPONENT", ">WEIGHT", ">SCORE", "MEASURED");
            for (HealthComponent c : h.components()) {
                table.row("  " + c.name(), String.format(Locale.ROOT, "%.2f", c.weight()), c.score(), c.measured());
            }
            table.print(out);
            h.recommendations().forEach(r -> out.println("  → " + r));
        }
    }
}
