package dev.stevedore.examples;

import dev.stevedore.HealthComponent;
import dev.stevedore.JobKind;
import dev.stevedore.QueueHealth;
import dev.stevedore.Stevedore;
import dev.stevedore.StevedoreBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The example of docs/health.md: a mail queue with a 30-second latency target, and an operator's report
 * of every queue's health, its weakest component and what to do. Compiled and run by the build so the
 * guide cannot drift from the API.
 */
public final class QueueHealthReport {
    /** The job's arguments. */
    @JobKind("mail.send")
    public record SendMail(String to) {}

    private QueueHealthReport() {}

    /** A mail queue whose jobs should start within 30 seconds. */
    public static StevedoreBuilder configure(StevedoreBuilder builder) {
        return builder
                .queue("mail", q -> q.concurrency(20).latencyTarget(Duration.ofSeconds(30)))
                .handle(SendMail.class, (ctx, job) -> { }, k -> k.queue("mail"));
    }

    /** One line per queue (score, why it is capped, its weakest component below 100), then its recommendations. */
    public static List<String> report(Stevedore stevedore) {
        List<String> lines = new ArrayList<>();
        for (QueueHealth health : stevedore.queueHealth()) {
            HealthComponent weakest = health.components().stream()
                    .min(Comparator.comparingInt(HealthComponent::score)).orElseThrow();
            lines.add(health.queue() + " " + health.score() + "/100"
                    + (health.cap() != null ? " (capped: " + health.cap() + ")" : "")
                    + (weakest.score() < 100 ? ", weakest " + weakest.name() + ": " + weakest.measured() : ""));
            health.recommendations().forEach(r -> lines.add("  → " + r));
        }
        return lines;
    }
}
