package dev.stevedore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One alert rule: a condition the leader checks every {@link StevedoreBuilder#alertInterval alert
 * interval}, for each subject it applies to (a queue, a kind, a node, a job, a breaker, an issue).
 * Declared with {@link StevedoreBuilder#alert(String, java.util.function.Consumer)}; exactly one
 * condition per rule:
 *
 * <pre>{@code
 * .alert("mail-failing", a -> a.successRateBelow(0.95).over(Duration.ofMinutes(15)).minimumRuns(20).queues("mail"))
 * .alert("stuck-jobs",   a -> a.runningLongerThan(Duration.ofMinutes(30)))
 * .alert("dead-jobs",    a -> a.discardedAtLeast(1).over(Duration.ofMinutes(10)).perKind())
 * .alert("memory",       a -> a.rssAbove(2L << 30))
 * .alert("breakers",     a -> a.breakerOpen())
 * .alert("regressions",  a -> a.issueRegressed())
 * .alert("mail-latency", a -> a.latencyAbove(Duration.ofMinutes(5)).queues("mail"))
 * .alert("unserved",     a -> a.noLiveNode())
 * .alert("poison-pills", a -> a.jobQuarantined())
 * }</pre>
 *
 * <p>Each setter checks its value at once; {@link StevedoreBuilder#alert} checks the whole rule and
 * throws {@link IllegalArgumentException} naming the rule and what is wrong. See docs/alerts.md.
 */
public final class AlertRule {
    /** Window of the success-rate and discard conditions when none is given: 15 minutes. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(15);
    /** Fewest runs in the window before a success rate counts: 20. */
    public static final int DEFAULT_MINIMUM_RUNS = 20;
    /** How long after an alert resolved the same rule and subject may not fire again: 10 minutes. */
    public static final Duration DEFAULT_COOL_DOWN = Duration.ofMinutes(10);
    /** The longest window: the statistics keep minutes for two days by default, hours beyond. */
    static final Duration MAX_WINDOW = Duration.ofDays(7);
    static final Duration MIN_WINDOW = Duration.ofMinutes(1);
    static final Duration MAX_COOL_DOWN = Duration.ofDays(7);

    /** What a rule checks. */
    enum Condition {
        SUCCESS_RATE("successRateBelow"),
        RUNNING_LONGER("runningLongerThan"),
        DISCARDED("discardedAtLeast"),
        HEAP("heapAbove"),
        RSS("rssAbove"),
        BREAKER_OPEN("breakerOpen"),
        ISSUE_REGRESSED("issueRegressed"),
        LATENCY("latencyAbove"),
        NO_LIVE_NODE("noLiveNode"),
        QUARANTINED("jobQuarantined");

        final String method;

        Condition(String method) {
            this.method = method;
        }
    }

    /** The conditions each option applies to. */
    private static final Set<Condition> WINDOWED = EnumSet.of(Condition.SUCCESS_RATE, Condition.DISCARDED);
    private static final Set<Condition> BY_QUEUE = EnumSet.of(Condition.SUCCESS_RATE, Condition.DISCARDED,
            Condition.RUNNING_LONGER, Condition.LATENCY, Condition.NO_LIVE_NODE, Condition.QUARANTINED);
    private static final Set<Condition> BY_KIND = EnumSet.of(Condition.SUCCESS_RATE, Condition.DISCARDED,
            Condition.RUNNING_LONGER, Condition.QUARANTINED);

    private Condition condition;
    private final List<Condition> conditionsSet = new ArrayList<>(1);
    private double successRate;
    private long discarded;
    private long bytes;
    private Duration threshold;
    private Duration window;
    private int minimumRuns = -1;
    private final Set<String> queues = new LinkedHashSet<>();
    private final Set<String> kinds = new LinkedHashSet<>();
    private boolean perKind;
    private Duration coolDown = DEFAULT_COOL_DOWN;

    AlertRule() {}

    /**
     * Fires for a queue (or a kind, with {@link #perKind()}) whose share of runs that completed, over
     * the {@linkplain #over window}, is below {@code rate}, once the window holds at least
     * {@link #minimumRuns} runs (completed plus failed attempts), so that one failure of one run does
     * not page. From the statistics roll-ups. {@code rate} in (0, 1].
     */
    public AlertRule successRateBelow(double rate) {
        if (!(rate > 0 && rate <= 1)) {
            throw new IllegalArgumentException("successRateBelow must be in (0, 1], was " + rate);
        }
        this.successRate = rate;
        return condition(Condition.SUCCESS_RATE);
    }

    /**
     * Fires for each job whose current attempt has been running longer than {@code duration} (by the
     * store's clock), until it ends. At least one second.
     */
    public AlertRule runningLongerThan(Duration duration) {
        this.threshold = checkAtLeast("runningLongerThan", duration, Duration.ofSeconds(1));
        return condition(Condition.RUNNING_LONGER);
    }

    /**
     * Fires for a queue (or a kind, with {@link #perKind()}) with at least {@code count} jobs discarded
     * over the {@linkplain #over window}. From the statistics roll-ups. At least 1.
     */
    public AlertRule discardedAtLeast(long count) {
        if (count < 1) {
            throw new IllegalArgumentException("discardedAtLeast must be ≥ 1, was " + count);
        }
        this.discarded = count;
        return condition(Condition.DISCARDED);
    }

    /** Fires for each live node whose heap in use, at its last heartbeat, is above {@code bytes}. At least 1 MiB. */
    public AlertRule heapAbove(long bytes) {
        this.bytes = checkBytes("heapAbove", bytes);
        return condition(Condition.HEAP);
    }

    /**
     * Fires for each live node whose resident memory, at its last heartbeat, is above {@code bytes}
     * (nodes on platforms that do not report it never fire). At least 1 MiB.
     */
    public AlertRule rssAbove(long bytes) {
        this.bytes = checkBytes("rssAbove", bytes);
        return condition(Condition.RSS);
    }

    /** Fires for each circuit breaker that is open or half-open (its jobs wait), until it closes. */
    public AlertRule breakerOpen() {
        return condition(Condition.BREAKER_OPEN);
    }

    /** Fires for each issue that regressed (resolved, then failed again), until it is resolved or ignored. */
    public AlertRule issueRegressed() {
        return condition(Condition.ISSUE_REGRESSED);
    }

    /**
     * Fires for a queue whose oldest ready job has waited longer than {@code latency} since it became
     * due (by the store's clock). At least one second.
     */
    public AlertRule latencyAbove(Duration latency) {
        this.threshold = checkAtLeast("latencyAbove", latency, Duration.ofSeconds(1));
        return condition(Condition.LATENCY);
    }

    /** Fires for a queue that has ready jobs while no live node serves it. */
    public AlertRule noLiveNode() {
        return condition(Condition.NO_LIVE_NODE);
    }

    /**
     * Fires for each job quarantined for crashing its worker process too often
     * ({@link StevedoreBuilder#quarantineAfterCrashes}), until an operator retries, discards or cancels it.
     */
    public AlertRule jobQuarantined() {
        return condition(Condition.QUARANTINED);
    }

    /** The window of a success rate or discard count; 1 minute..7 days, default 15 minutes. */
    public AlertRule over(Duration window) {
        this.window = checkBetween("window", window, MIN_WINDOW, MAX_WINDOW);
        return this;
    }

    /** The fewest runs in the window for a success rate to count; 1..1,000,000, default 20. */
    public AlertRule minimumRuns(int runs) {
        this.minimumRuns = Names.checkRange("minimumRuns", runs, 1, 1_000_000);
        return this;
    }

    /** Only these queues (adds to earlier calls); default every queue. */
    public AlertRule queues(String... names) {
        for (String name : Objects.requireNonNull(names, "names")) {
            queues.add(Names.checkQueue(name));
        }
        return this;
    }

    /** Only these kinds (adds to earlier calls); default every kind. */
    public AlertRule kinds(String... names) {
        for (String name : Objects.requireNonNull(names, "names")) {
            Objects.requireNonNull(name, "kind");
            if (name.isBlank()) {
                throw new IllegalArgumentException("kind must not be blank");
            }
            kinds.add(name);
        }
        return this;
    }

    /** Counts a success rate or discards per kind instead of per queue (the subject is then the kind). */
    public AlertRule perKind() {
        this.perKind = true;
        return this;
    }

    /**
     * How long after an alert of this rule resolved the same subject may not fire again, so a
     * condition that flaps does not page each time; 0..7 days, default 10 minutes.
     */
    public AlertRule coolDown(Duration coolDown) {
        this.coolDown = checkBetween("coolDown", coolDown, Duration.ZERO, MAX_COOL_DOWN);
        return this;
    }

    /** Checks the rule as a whole and freezes it. */
    AlertCheck check(String name) {
        String rule = "alert \"" + name + "\"";
        if (conditionsSet.isEmpty()) {
            throw new IllegalArgumentException(rule + " has no condition: call one of successRateBelow, "
                    + "runningLongerThan, discardedAtLeast, heapAbove, rssAbove, breakerOpen, issueRegressed, "
                    + "latencyAbove, noLiveNode, jobQuarantined");
        }
        if (conditionsSet.size() > 1) {
            throw new IllegalArgumentException(rule + " has " + conditionsSet.size() + " conditions ("
                    + String.join(", ", conditionsSet.stream().map(c -> c.method).toList())
                    + "); declare one rule per condition");
        }
        notFor(rule, window != null && !WINDOWED.contains(condition), "over(window)");
        notFor(rule, minimumRuns >= 0 && condition != Condition.SUCCESS_RATE, "minimumRuns");
        notFor(rule, perKind && !WINDOWED.contains(condition), "perKind()");
        notFor(rule, !queues.isEmpty() && !BY_QUEUE.contains(condition), "queues(…)");
        notFor(rule, !kinds.isEmpty() && !BY_KIND.contains(condition), "kinds(…)");
        return new AlertCheck(name, condition, successRate, discarded, bytes, threshold,
                window == null ? DEFAULT_WINDOW : window, minimumRuns < 0 ? DEFAULT_MINIMUM_RUNS : minimumRuns,
                Set.copyOf(queues), Set.copyOf(kinds), perKind, coolDown);
    }

    private void notFor(String rule, boolean misplaced, String option) {
        if (misplaced) {
            throw new IllegalArgumentException(rule + ": " + option + " does not apply to " + condition.method);
        }
    }

    private AlertRule condition(Condition condition) {
        this.condition = condition;
        conditionsSet.add(condition);
        return this;
    }

    private static long checkBytes(String what, long bytes) {
        if (bytes < 1L << 20) {
            throw new IllegalArgumentException(what + " must be at least 1 MiB (1048576 bytes), was " + bytes);
        }
        return bytes;
    }

    private static Duration checkAtLeast(String what, Duration value, Duration min) {
        return checkBetween(what, value, min, Duration.ofDays(3650));
    }

    private static Duration checkBetween(String what, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, what);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(what + " must be in [" + min + ", " + max + "], was " + value);
        }
        return value;
    }
}
