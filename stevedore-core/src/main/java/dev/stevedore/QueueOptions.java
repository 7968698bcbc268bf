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

    QueueOptions() {}

    /** Jobs of this queue running at once on this node; 1..{@value #MAX_CONCURRENCY}, default {@value #DEFAULT_CONCURRENCY}. */
    public QueueOptions concurrency(int concurrency) {
        this.concurrency = Names.checkRange("concurrency", concurrency, 1, MAX_CONCURRENCY);
        return this;
    }
}
