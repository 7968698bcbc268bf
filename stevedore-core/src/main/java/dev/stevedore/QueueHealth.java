package dev.stevedore;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How one queue is doing, as a score from 0 (broken) to 100 (healthy), the components it is made of
 * and what to do about what they found. See docs/health.md.
 *
 * <p>The score is the weighted sum of the components' scores ({@link #FAILURES_WEIGHT} and the
 * other weights add up to 1), capped at {@link #NO_NODE_CAP} when no live node serves the queue while
 * jobs are ready ({@link #cap()} then says so).
 *
 * @param queue           the queue
 * @param score           0..100
 * @param components      every component, in a fixed order: failures, latency, backlog, stuck, breakers
 * @param recommendations what to do, in plain words, most urgent first; empty when all is well
 * @param cap             why the score was capped, or null when it was not
 * @param sampledAt       when the figures were read (the store's clock)
 */
public record QueueHealth(String queue, int score, List<HealthComponent> components, List<String> recommendations,
                          @Nullable String cap, Instant sampledAt) {
    /** The failure rate of attempts that ended in the last {@link #FAILURE_WINDOW}, from the statistics roll-ups. */
    public static final String FAILURES = "failures";
    /** The age of the oldest ready job against the queue's {@link QueueOptions#latencyTarget latency target}. */
    public static final String LATENCY = "latency";
    /** Whether the ready count rose over the last {@link #TREND_WINDOW}, from the leader's per-minute samples. */
    public static final String BACKLOG = "backlog";
    /** Running jobs past their timeout or on a node that is gone. */
    public static final String STUCK = "stuck";
    /** Circuit breakers covering the queue's jobs that are open or half-open. */
    public static final String BREAKERS = "breakers";

    /** Weight of {@link #FAILURES}: 0.30. */
    public static final double FAILURES_WEIGHT = 0.30;
    /** Weight of {@link #LATENCY}: 0.25. */
    public static final double LATENCY_WEIGHT = 0.25;
    /** Weight of {@link #BACKLOG}: 0.15. */
    public static final double BACKLOG_WEIGHT = 0.15;
    /** Weight of {@link #STUCK}: 0.15. */
    public static final double STUCK_WEIGHT = 0.15;
    /** Weight of {@link #BREAKERS}: 0.15. */
    public static final double BREAKERS_WEIGHT = 0.15;

    /** The highest score of a queue with ready jobs and no live node serving it: 20. */
    public static final int NO_NODE_CAP = 20;
    /** How far back the failure rate and the failure categories look: 15 minutes. */
    public static final Duration FAILURE_WINDOW = Duration.ofMinutes(15);
    /** How far back the backlog trend looks: 30 minutes. */
    public static final Duration TREND_WINDOW = Duration.ofMinutes(30);

    public QueueHealth {
        Objects.requireNonNull(queue, "queue");
        components = List.copyOf(components);
        recommendations = List.copyOf(recommendations);
        Objects.requireNonNull(sampledAt, "sampledAt");
    }

    /** The component named {@code name} ({@link #FAILURES}, {@link #LATENCY} …). */
    public HealthComponent component(String name) {
        return components.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no health component named \"" + name + "\""));
    }
}
