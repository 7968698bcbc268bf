package dev.stevedore;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Options of one job kind, given when its handler is registered:
 * {@code k -> k.queue("mail").maxAttempts(5).retry(RetryPolicy.exponential(...))}.
 * Unset values fall back to the builder's defaults; per-enqueue options win over these.
 */
public final class KindOptions {
    @Nullable String queue;
    @Nullable Integer maxAttempts;
    @Nullable Duration timeout;
    @Nullable Duration startWithin;
    @Nullable Duration deadline;
    @Nullable Duration heartbeatTimeout;
    @Nullable RetryPolicy retryPolicy;
    @Nullable Unique unique;

    KindOptions() {}

    /** The queue jobs of this kind go to when enqueue names none. */
    public KindOptions queue(String queue) {
        this.queue = Names.checkQueue(queue);
        return this;
    }

    /** Attempts before a failing job is discarded; 1..1000. */
    public KindOptions maxAttempts(int maxAttempts) {
        this.maxAttempts = Names.checkMaxAttempts(maxAttempts);
        return this;
    }

    /** How long one attempt may run before it is interrupted; &gt; 0. */
    public KindOptions timeout(Duration timeout) {
        this.timeout = Names.checkLimit("timeout", timeout);
        return this;
    }

    /**
     * How long jobs of this kind may wait to start once due, unless an enqueue says otherwise; see
     * {@link JobOptions#startWithin}. Applied when a node that registered the kind enqueues.
     */
    public KindOptions startWithin(Duration startWithin) {
        this.startWithin = Names.checkLimit("startWithin", startWithin);
        return this;
    }

    /**
     * The deadline, from enqueue, of every job of this kind unless an enqueue says otherwise; see
     * {@link JobOptions#deadline(Duration)}. Applied when a node that registered the kind enqueues.
     */
    public KindOptions deadline(Duration deadline) {
        this.deadline = Names.checkLimit("deadline", deadline);
        return this;
    }

    /**
     * The longest an attempt of this kind may go without a heartbeat, unless the enqueue set one; see
     * {@link JobOptions#heartbeatTimeout}. Read by the node running the job, like {@link #timeout}.
     */
    public KindOptions heartbeatTimeout(Duration heartbeatTimeout) {
        this.heartbeatTimeout = Names.checkLimit("heartbeatTimeout", heartbeatTimeout);
        return this;
    }

    /** Makes every job of this kind unique unless an enqueue says otherwise; see {@link Unique}. */
    public KindOptions unique(Consumer<Unique> spec) {
        Unique u = new Unique();
        Objects.requireNonNull(spec, "spec").accept(u);
        this.unique = u;
        return this;
    }

    /** The backoff between failed attempts. */
    public KindOptions retry(RetryPolicy retryPolicy) {
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        return this;
    }
}
