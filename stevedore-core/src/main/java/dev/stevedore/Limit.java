package dev.stevedore;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A flow limit, shared by every node of the cluster: at most N jobs running at once, and/or at most N
 * starts per period, for the jobs it applies to — as one budget, or one budget per key taken from the
 * jobs' args. Declared with {@link StevedoreBuilder#limit(String, java.util.function.Consumer)}:
 *
 * <pre>{@code
 * .limit("stripe", l -> l.kinds(ChargeCard.class, RefundCard.class).byArgs("accountId")
 *                        .rate(2, Duration.ofSeconds(1)))          // 2 per second per account
 * .limit("exports", l -> l.kinds(ExportReport.class).byArgs("tenantId").concurrency(1))  // a mutex per tenant
 * .limit("ai", l -> l.queue("ai").concurrency(8))                    // 8 at once across all nodes
 * }</pre>
 *
 * <p>A job over a limit waits: it is put back as scheduled for the time the limit should have room,
 * without using an attempt. "N starts per period" holds for every window of that length, not only for
 * calendar-aligned ones. A handler may also report a key rate limited until a time it learned (say,
 * from a Retry-After header) with {@link Outcome#rateLimitedUntil}: no job of its keys starts before.
 * See docs/limits.md.
 */
public final class Limit {
    final JobScope scope = new JobScope();
    List<String> keyFields = List.of();
    int concurrency;
    boolean fifo;
    int rate;
    Duration period;

    Limit() {}

    /** The kinds this limit applies to (in any queue, unless {@link #queue} narrows it). */
    @SafeVarargs
    public final Limit kinds(Class<? extends Record>... types) {
        scope.addKinds(types);
        return this;
    }

    /** The kinds this limit applies to, by kind name. */
    public Limit kinds(String... kinds) {
        scope.addKinds(kinds);
        return this;
    }

    /** The queue whose jobs this limit applies to (all its kinds, unless {@link #kinds} narrows it). */
    public Limit queue(String queue) {
        scope.queue = Names.checkQueue(queue);
        return this;
    }

    /**
     * One budget per distinct value of these top-level args fields (say, per account) instead of one
     * for all the jobs. A job whose args lack a field counts under the value {@code null}.
     */
    public Limit byArgs(String... fields) {
        if (fields.length == 0) {
            throw new IllegalArgumentException("byArgs needs at least one field name");
        }
        for (String field : fields) {
            if (Objects.requireNonNull(field, "field").isBlank()) {
                throw new IllegalArgumentException("byArgs field names must not be blank");
            }
        }
        this.keyFields = List.of(fields);
        return this;
    }

    /** At most {@code running} jobs (per key) running at once, cluster-wide; 1 makes it a mutex. */
    public Limit concurrency(int running) {
        this.concurrency = Names.checkRange("concurrency", running, 1, 100_000);
        return this;
    }

    /**
     * With {@link #concurrency}: the jobs of a key start strictly in the order they were enqueued. A job
     * that had to wait keeps its place, and no later job of its key starts before it, even when a
     * place frees up while it sleeps until its next try. Costs a row per waiting job; without it, order
     * within a key is only roughly kept.
     */
    public Limit fifo() {
        this.fifo = true;
        return this;
    }

    /** At most {@code starts} job starts (per key) in any window of {@code period}, cluster-wide. */
    public Limit rate(int starts, Duration period) {
        this.rate = Names.checkRange("rate", starts, 1, 1_000_000);
        this.period = Names.checkPositive("rate period", period);
        if (period.toMillis() < 10) {
            throw new IllegalArgumentException("rate period must be at least 10 ms, was " + period);
        }
        return this;
    }

    void check(String name) {
        scope.checkSet("limit \"" + name + "\"");
        if (concurrency == 0 && rate == 0) {
            throw new IllegalArgumentException("limit \"" + name + "\" sets no bound: call concurrency(n) and/or rate(n, period)");
        }
        if (fifo && concurrency == 0) {
            throw new IllegalArgumentException("limit \"" + name + "\" is fifo() without concurrency(n): order is kept among"
                    + " jobs waiting for a place, so it needs a concurrency bound");
        }
    }
}
