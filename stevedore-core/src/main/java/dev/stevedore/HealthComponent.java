package dev.stevedore;

import java.util.Objects;

/**
 * One part of a {@link QueueHealth} score: what was measured, what it scored and how much it counts.
 *
 * @param name     the component: {@link QueueHealth#FAILURES}, {@link QueueHealth#LATENCY},
 *                 {@link QueueHealth#BACKLOG}, {@link QueueHealth#STUCK} or {@link QueueHealth#BREAKERS}
 * @param weight   its share of the score, 0..1; the weights of a health add up to 1
 * @param score    its own score, 0 (bad) .. 100 (healthy)
 * @param value    the measured figure as a number: the failure rate (0..1), the oldest ready job's wait in
 *                 seconds, the change in ready jobs over the trend window, the stuck jobs, the breakers
 *                 not closed
 * @param measured the figure in words, e.g. {@code "3 of 120 attempts failed (2.5%) in the last 15m"}
 */
public record HealthComponent(String name, double weight, int score, double value, String measured) {
    public HealthComponent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(measured, "measured");
        if (score < 0 || score > 100) {
            throw new IllegalArgumentException("score must be in [0, 100], was " + score);
        }
    }
}
