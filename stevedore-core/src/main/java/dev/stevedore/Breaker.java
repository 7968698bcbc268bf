package dev.stevedore;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A circuit breaker for a dependency the jobs it covers call, shared by every node: after enough
 * failures that signal the dependency is down, it opens, and its jobs wait (snoozed, no attempt used)
 * instead of failing one after another; after a cool-down one probe job runs; its success closes the
 * breaker, its failure opens it for another cool-down. Declared with
 * {@link StevedoreBuilder#breaker(String, java.util.function.Consumer)}:
 *
 * <pre>{@code
 * .breaker("stripe", b -> b.kinds(ChargeCard.class, RefundCard.class)
 *                          .openAfter(5, Duration.ofMinutes(1))     // 5 counted failures within a minute
 *                          .coolDown(Duration.ofSeconds(30)))
 * }</pre>
 *
 * <p>Only failures of the {@linkplain #countErrors counted categories} (transient and timeout unless
 * set) count: a job failing on bad data says nothing about the dependency. Nodes learn of a change
 * within about a second. See docs/limits.md.
 */
public final class Breaker {
    /** Window used when none is given. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
    /** Cool-down used when none is given. */
    public static final Duration DEFAULT_COOL_DOWN = Duration.ofSeconds(30);

    final JobScope scope = new JobScope();
    int failures;
    double failureRate;
    int minCalls = 10;
    Duration window = DEFAULT_WINDOW;
    Duration coolDown = DEFAULT_COOL_DOWN;
    Set<ErrorCategory> counted = EnumSet.of(ErrorCategory.TRANSIENT, ErrorCategory.TIMEOUT);

    Breaker() {}

    /** The kinds whose calls this breaker guards (in any queue, unless {@link #queue} narrows it). */
    @SafeVarargs
    public final Breaker kinds(Class<? extends Record>... types) {
        scope.addKinds(types);
        return this;
    }

    /** The kinds whose calls this breaker guards, by kind name. */
    public Breaker kinds(String... kinds) {
        scope.addKinds(kinds);
        return this;
    }

    /** The queue whose jobs this breaker guards. */
    public Breaker queue(String queue) {
        scope.queue = Names.checkQueue(queue);
        return this;
    }

    /** Opens after {@code failures} counted failures within {@code window}. */
    public Breaker openAfter(int failures, Duration window) {
        this.failures = Names.checkRange("failures", failures, 1, 1_000_000);
        this.window = checkWindow(window);
        return this;
    }

    /**
     * Opens when counted failures reach {@code rate} (0 &lt; rate ≤ 1) of the calls within the window, once
     * the window holds at least {@code minCalls} calls (successes plus counted failures).
     */
    public Breaker openAtFailureRate(double rate, int minCalls) {
        if (!(rate > 0 && rate <= 1)) {
            throw new IllegalArgumentException("failure rate must be in (0, 1], was " + rate);
        }
        this.failureRate = rate;
        this.minCalls = Names.checkRange("minCalls", minCalls, 1, 1_000_000);
        return this;
    }

    /** The span failures are counted over (default one minute). */
    public Breaker window(Duration window) {
        this.window = checkWindow(window);
        return this;
    }

    /** How long the breaker stays open before a probe runs (default 30 seconds). */
    public Breaker coolDown(Duration coolDown) {
        this.coolDown = Names.checkPositive("coolDown", coolDown);
        return this;
    }

    /** The error categories that count as the dependency failing (default transient and timeout). */
    public Breaker countErrors(ErrorCategory first, ErrorCategory... more) {
        this.counted = EnumSet.of(Objects.requireNonNull(first, "category"), more);
        return this;
    }

    void check(String name) {
        scope.checkSet("breaker \"" + name + "\"");
        if (failures == 0 && failureRate == 0) {
            throw new IllegalArgumentException("breaker \"" + name
                    + "\" never opens: call openAfter(failures, window) and/or openAtFailureRate(rate, minCalls)");
        }
    }

    private static Duration checkWindow(Duration window) {
        Names.checkPositive("window", window);
        if (window.toMillis() < 100) {
            throw new IllegalArgumentException("window must be at least 100 ms, was " + window);
        }
        return window;
    }
}
