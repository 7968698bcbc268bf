package dev.stevedore.test;

import dev.stevedore.Job;
import dev.stevedore.NodeSteps;
import dev.stevedore.Stevedore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A Stevedore node for an application's tests: the application's own handlers, queues, cron schedules,
 * limits and retry policies on a store of the test's own (a temporary SQLite file by default, or a fresh
 * PostgreSQL schema), whose jobs run on the test's thread when the test says so, by a clock the test moves.
 *
 * <pre>{@code
 * try (StevedoreTest test = StevedoreTest.builder().configure(MyApp::jobs).build()) {
 *     new SignUp(test.stevedore()).register("ada@example.com");       // the code under test enqueues
 *     test.assertEnqueued(SendEmail.class, email -> email.to().equals("ada@example.com"));
 *     test.drainUntilIdle();                                        // runs it, and whatever it enqueues
 *     test.advance(Duration.ofDays(1));                             // the nightly cron tick fires on the way
 *     test.drainUntilIdle();
 * }
 * }</pre>
 *
 * <p>Jobs run through the node's real runtime (claims, handlers, error classifier, retries with backoff,
 * batch callbacks, cron), one at a time on the calling thread; attempt and heartbeat timeouts are not
 * enforced there. The node never starts: {@link Stevedore#start()} on it throws. Not for concurrent use:
 * one test thread drives it. See docs/testing.md.
 */
public final class StevedoreTest implements AutoCloseable {
    /** When jobs run. */
    public enum Mode {
        /** Jobs wait in the store until the test calls {@link #drainUntilIdle()}; failures are reported, not thrown. */
        MANUAL,
        /**
         * Everything ready runs at once on the enqueuing thread, after each enqueue through the node and
         * each {@link #advance}; a handler's exception surfaces as a {@link JobFailedError} from that call,
         * with the job's retry (or discard) recorded as a worker would.
         */
        INLINE
    }

    private final Stevedore node;
    private final TestStore store;
    private final VirtualClock clock;
    private final Mode mode;
    private final Drainer drainer;
    private final ClockJumps jumps;
    private final EnqueuedJobs enqueued;

    StevedoreTest(Stevedore node, NodeSteps steps, TestStore store, VirtualClock clock, Mode mode, int maxRounds) {
        this.node = node;
        this.store = store;
        this.clock = clock;
        this.mode = mode;
        this.drainer = new Drainer(steps, node, maxRounds);
        this.jumps = new ClockJumps(clock, store, steps, node);
        this.enqueued = new EnqueuedJobs(store.store(), steps);
        if (mode == Mode.INLINE) {
            steps.afterEnqueue(this::drainInline);
        }
    }

    /** Starts configuring a test node: SQLite in a temporary file and {@link Mode#MANUAL} unless told otherwise. */
    public static StevedoreTestBuilder builder() {
        return new StevedoreTestBuilder();
    }

    /** The node to hand to the code under test: enqueue, batches, cancel, reads, all on the test's store. */
    public Stevedore stevedore() {
        return node;
    }

    /** This test's mode. */
    public Mode mode() {
        return mode;
    }

    /** The test's clock: the system clock plus everything {@linkplain #advance advanced}. The node and the store read it. */
    public InstantSource clock() {
        return clock;
    }

    /** The test's time now: {@code clock().instant()}. */
    public Instant now() {
        return clock.instant();
    }

    /**
     * Moves the test's clock (the node's and the store's) ahead by {@code by}: scheduled jobs and retries due
     * by then become due, and every cron tick on the way fires on time (the clock stops just past each tick
     * and its job is enqueued, as a leader watching all along would have done). In {@link Mode#MANUAL}
     * nothing runs until {@link #drainUntilIdle()}, so a schedule whose previous run is still waiting skips
     * or queues its next tick by its overlap policy; in {@link Mode#INLINE} everything due runs at each stop
     * and at the end, and a {@link JobFailedError} ends the jump where it happened (the clock stays there).
     *
     * @throws IllegalArgumentException for a negative duration (time never goes back), or a jump across more
     *     than 10,000 cron ticks
     */
    public void advance(Duration by) {
        if (Objects.requireNonNull(by, "by").isNegative()) {
            throw new IllegalArgumentException("the clock only moves forward; advance(" + by + ") would move it back");
        }
        jumps.advance(by, mode == Mode.INLINE ? this::drainInline : () -> {});
        if (mode == Mode.INLINE) {
            drainInline();
        }
    }

    /**
     * Runs everything ready, round after round, until nothing is left to do now: available jobs, scheduled
     * jobs and retries that are due, due cron ticks, batch callbacks, and whatever those enqueue. Jobs due
     * later wait for {@link #advance}. In {@link Mode#INLINE} the first failure is thrown.
     *
     * @throws AssertionError after {@link StevedoreTestBuilder#maxRounds} rounds that each made more work
     */
    public Drained drainUntilIdle() {
        Drained drained = drainer.drainUntilIdle();
        if (mode == Mode.INLINE) {
            throwFirstFailure(drained);
        }
        return drained;
    }

    /** Every job waiting to run ({@code scheduled}, {@code available}, {@code retryable}), oldest first. */
    public List<Job> enqueued() {
        return enqueued.list(null, null);
    }

    /** The jobs of {@code queue} waiting to run, oldest first. */
    public List<Job> enqueued(String queue) {
        return enqueued.list(Objects.requireNonNull(queue, "queue"), null);
    }

    /** Decodes a job's arguments into its record, as its handler receives them. */
    public <R extends Record> R args(Job job, Class<R> type) {
        return enqueued.args(job, type);
    }

    /** Asserts that a job of {@code type} is waiting to run; returns the jobs that are, oldest first. */
    public <R extends Record> List<Job> assertEnqueued(Class<R> type) {
        return assertEnqueued(type, args -> true);
    }

    /**
     * Asserts that a job of {@code type} whose arguments match is waiting to run; returns the jobs that match,
     * oldest first. The failure lists every job that is waiting.
     */
    public <R extends Record> List<Job> assertEnqueued(Class<R> type, Predicate<? super R> matcher) {
        return enqueued.assertSome(enqueued.matching(type, Objects.requireNonNull(matcher, "matcher")), described(type));
    }

    /** Asserts that a job of {@code kind} is waiting to run; returns the jobs that are. */
    public List<Job> assertEnqueued(String kind) {
        return assertEnqueued(kind, args -> true);
    }

    /** Asserts that a job of {@code kind} whose JSON arguments, read as a map, match is waiting to run. */
    public List<Job> assertEnqueued(String kind, Predicate<? super Map<String, Object>> matcher) {
        return enqueued.assertSome(enqueued.matching(kind, Objects.requireNonNull(matcher, "matcher")),
                "of kind \"" + kind + "\" matching the condition");
    }

    /** Asserts that no job of {@code type} is waiting to run. */
    public <R extends Record> void assertNotEnqueued(Class<R> type) {
        assertNotEnqueued(type, args -> true);
    }

    /** Asserts that no job of {@code type} whose arguments match is waiting to run; the failure names those that are. */
    public <R extends Record> void assertNotEnqueued(Class<R> type, Predicate<? super R> matcher) {
        enqueued.assertNone(enqueued.matching(type, Objects.requireNonNull(matcher, "matcher")), described(type));
    }

    /** Asserts that no job of {@code kind} is waiting to run. */
    public void assertNotEnqueued(String kind) {
        assertNotEnqueued(kind, args -> true);
    }

    /** Asserts that no job of {@code kind} whose JSON arguments match is waiting to run. */
    public void assertNotEnqueued(String kind, Predicate<? super Map<String, Object>> matcher) {
        enqueued.assertNone(enqueued.matching(kind, Objects.requireNonNull(matcher, "matcher")),
                "of kind \"" + kind + "\" matching the condition");
    }

    /** Closes the node and its store, then deletes the test's SQLite directory or drops its PostgreSQL schema. */
    @Override
    public void close() {
        try {
            node.close();
        } finally {
            store.delete();
        }
    }

    /** The test's store, for this module's own tests. */
    TestStore testStore() {
        return store;
    }

    @Override
    public String toString() {
        return "StevedoreTest[" + mode + ", " + store.describe() + ", clock +" + Duration.between(Instant.now(), now()) + "]";
    }

    private void drainInline() {
        throwFirstFailure(drainer.drainUntilIdle());
    }

    private static void throwFirstFailure(Drained drained) {
        if (!drained.failures().isEmpty()) {
            JobFailedError first = drained.failures().getFirst();
            drained.failures().stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }

    private static String described(Class<?> type) {
        return "of kind \"" + NodeSteps.kindOf(type.asSubclass(Record.class)) + "\" (" + type.getName()
                + ") matching the condition";
    }
}
