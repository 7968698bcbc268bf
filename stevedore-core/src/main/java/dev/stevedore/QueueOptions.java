package dev.stevedore;

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

    int concurrency = DEFAULT_CONCURRENCY;
    int adaptiveMin;

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
}
