package dev.stevedore;

import java.time.Duration;

/**
 * Options of one queue on this node: {@code q -> q.concurrency(20)}.
 *
 * <p>Concurrency can be overridden per environment without a rebuild through
 * {@code STEVEDORE_QUEUE_<NAME>_CONCURRENCY} (name upper-cased, other characters as {@code _}).
 */
public final class QueueOptions {
    /** Default number of jobs of a queue running at once on one node: 10. */
    public static final int DEFAULT_CONCURRENCY = 10;
    /** Upper bound on concurrency per queue per node. */
    public static final int MAX_CONCURRENCY = 10_000;

    /** Default {@link #latencyTarget(Duration) latency target}: 1 minute. */
    public static final Duration DEFAULT_LATENCY_TARGET = Duration.ofMinutes(1);
    /** Shortest latency target accepted: 1 second (the staging and polling cadence). */
    public static final Duration MIN_LATENCY_TARGET = Duration.ofSeconds(1);
    /** Longest latency target accepted: 7 days. */
    public static final Duration MAX_LATENCY_TARGET = Duration.ofDays(7);

    int concurrency = DEFAULT_CONCURRENCY;
    int adaptiveMin;
    Duration latencyTarget = DEFAULT_LATENCY_TARGET;

    QueueOptions() {}

    /**
     * Lets the queue's concurrency on this node follow its downstream between {@code min} and
     * {@code max}: it starts at {@code min}, widens while jobs stay fast and healthy and every slot is
     * busy, and narrows when jobs slow down (mean duration over twice their best) or more than a tenth
     * fail with transient or timeout errors. See docs/queues.md.
     */
    public QueueOptions adaptiveConcurrency(int min, int max) {
        Names.checkRange("adaptive minimum", min, 1, MAX_CONCURRENCY);
        Names.checkRange("adaptive maximum", max, min, MAX_CONCURRENCY);
        this.adaptiveMin = min;
        this.concurrency = max;
        return this;
    }

    /** Jobs of this queue running at once on this node; 1..{@value #MAX_CONCURRENCY}, default {@value #DEFAULT_CONCURRENCY}. */
    public QueueOptions concurrency(int concurrency) {
        this.concurrency = Names.checkRange("concurrency", concurrency, 1, MAX_CONCURRENCY);
        this.adaptiveMin = 0; // the last call wins: a fixed concurrency
        return this;
    }

    /**
     * How long a ready job of this queue may wait to start before the queue counts as late: its
     * {@linkplain Stevedore#queueHealth(String) health} judges the age of the oldest ready job against it.
     * Every node serving the queue sends its target with its heartbeat; when they differ, the shortest
     * applies. 1 second .. 7 days, default 1 minute.
     */
    public QueueOptions latencyTarget(Duration target) {
        java.util.Objects.requireNonNull(target, "latencyTarget");
        if (target.compareTo(MIN_LATENCY_TARGET) < 0 || target.compareTo(MAX_LATENCY_TARGET) > 0) {
            throw new IllegalArgumentException("latencyTarget must be in [" + MIN_LATENCY_TARGET + ", "
                    + MAX_LATENCY_TARGET + "], was " + target);
        }
        this.latencyTarget = target;
        return this;
    }
}
