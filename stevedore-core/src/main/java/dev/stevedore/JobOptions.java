package dev.stevedore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Options for one enqueue, given as a lambda: {@code o -> o.queue("mail").in(Duration.ofMinutes(5))}.
 *
 * <p>Anything left unset comes from the kind's options, then the runtime's defaults. Each setter
 * checks its value at once and throws {@link IllegalArgumentException} naming the bad value.
 */
public final class JobOptions {
    /** Lowest allowed priority. */
    public static final int MIN_PRIORITY = -100;
    /** Highest allowed priority. */
    public static final int MAX_PRIORITY = 100;
    /** Longest delay accepted: 10 years. Longer is almost certainly a unit mistake. */
    public static final Duration MAX_DELAY = Duration.ofDays(3650);

    @Nullable String queue;
    @Nullable Integer priority;
    @Nullable Instant runAt;
    @Nullable Duration delay;
    @Nullable Integer maxAttempts;
    @Nullable Duration timeout;
    @Nullable Duration startWithin;
    @Nullable Duration deadlineIn;
    @Nullable Instant deadlineAt;
    @Nullable Duration heartbeatTimeout;
    final List<String> tags = new ArrayList<>();
    final Map<String, String> metadata = new LinkedHashMap<>();
    @Nullable Unique unique;

    JobOptions() {}

    /** The queue to run in. Default: the kind's queue, else {@code "default"}. */
    public JobOptions queue(String queue) {
        this.queue = Names.checkQueue(queue);
        return this;
    }

    /** Higher runs first within the queue; {@value #MIN_PRIORITY}..{@value #MAX_PRIORITY}, default 0. */
    public JobOptions priority(int priority) {
        if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
            throw new IllegalArgumentException(
                    "priority must be in [" + MIN_PRIORITY + ", " + MAX_PRIORITY + "], was " + priority);
        }
        this.priority = priority;
        return this;
    }

    /** Run no earlier than {@code delay} from now (the database's now). Replaces any {@link #at}. */
    public JobOptions in(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must be ≥ 0, was " + delay);
        }
        if (delay.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException("delay must be ≤ " + MAX_DELAY + ", was " + delay);
        }
        this.delay = delay;
        this.runAt = null;
        return this;
    }

    /**
     * Run no earlier than {@code runAt}. A moment in the past means now; one more than
     * {@link #MAX_DELAY} ahead is refused at enqueue. Replaces any {@link #in}.
     */
    public JobOptions at(Instant runAt) {
        this.runAt = Objects.requireNonNull(runAt, "runAt");
        this.delay = null;
        return this;
    }

    /** Attempts before a failing job is discarded; 1..1000. Default: the kind's, else 20. */
    public JobOptions maxAttempts(int maxAttempts) {
        this.maxAttempts = Names.checkMaxAttempts(maxAttempts);
        return this;
    }

    /** How long one attempt may run before it is interrupted. Default: the kind's, else 30 minutes. */
    public JobOptions timeout(Duration timeout) {
        this.timeout = Names.checkLimit("timeout", timeout);
        return this;
    }

    /**
     * How long the job may wait to start once it is due (its run-at, or now): not started by then, it
     * is discarded without running, with a {@code dev.stevedore.StartDeadline} error. Only the first
     * start counts; retries are bounded by {@link #deadline(Duration)}. For work that is pointless
     * late, such as a one-time code or a reminder. &gt; 0, at most 10 years. Default: the kind's, else
     * none. See docs/timeouts.md.
     */
    public JobOptions startWithin(Duration startWithin) {
        this.startWithin = Names.checkLimit("startWithin", startWithin);
        return this;
    }

    /**
     * The whole job, retries included, must be done within {@code deadline} of the enqueue (the
     * database's clock): past it, a failure is not retried, a waiting job is discarded, and a running
     * attempt is interrupted (its timeout is capped by the time left). &gt; 0, at most 10 years.
     * Default: the kind's, else none. Replaces any {@link #deadline(Instant)}.
     */
    public JobOptions deadline(Duration deadline) {
        this.deadlineIn = Names.checkLimit("deadline", deadline);
        this.deadlineAt = null;
        return this;
    }

    /**
     * The whole job must be done by {@code deadline}; see {@link #deadline(Duration)}. A moment already
     * past fails the enqueue. Replaces any {@link #deadline(Duration)}.
     */
    public JobOptions deadline(Instant deadline) {
        this.deadlineAt = Objects.requireNonNull(deadline, "deadline");
        this.deadlineIn = null;
        return this;
    }

    /**
     * The longest a running attempt may go without calling {@link JobContext#heartbeat()} (or
     * reporting {@link JobContext#progress progress}): silent for longer, it is interrupted and
     * recorded as a timeout, then retried like any timeout. For long jobs whose total time varies but
     * which make steady progress. &gt; 0, at most 10 years. Default: the kind's, else none.
     */
    public JobOptions heartbeatTimeout(Duration heartbeatTimeout) {
        this.heartbeatTimeout = Names.checkLimit("heartbeatTimeout", heartbeatTimeout);
        return this;
    }

    /** Adds labels for filtering and grouping. */
    public JobOptions tags(String... tags) {
        for (String tag : tags) {
            this.tags.add(Names.checkTag(tag));
        }
        return this;
    }

    /**
     * Makes the job unique: an enqueue while a duplicate exists inserts nothing and returns the
     * existing job ({@link Enqueued#duplicate()}). Replaces the kind's {@link KindOptions#unique}.
     * Example: {@code o.unique(u -> u.byArgs("accountId").period(Duration.ofMinutes(10)))}.
     */
    public JobOptions unique(Consumer<Unique> spec) {
        Unique u = new Unique();
        Objects.requireNonNull(spec, "spec").accept(u);
        this.unique = u;
        return this;
    }

    /** Adds context such as the tenant or account the job concerns. */
    public JobOptions meta(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        metadata.put(key, value);
        return this;
    }
}
