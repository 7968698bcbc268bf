package dev.stevedore;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JVM cost of one completion going through the {@link Completer}: {@link Completer#add} on the
 * job's thread, then the batch loop ({@link Completer#runOnce}) that turns settlements into
 * completions, calls the store and publishes the events. The store is a {@link NoOpStore}, so these
 * numbers are the runtime's overhead only and never what a database costs.
 *
 * <p>It matters because every job passes through here once: the completer must stay far cheaper per
 * job than the store round trip it amortises, or it becomes the bottleneck of a fast store.
 *
 * <ul>
 *   <li>{@link #addThenDrain}: one thread adds 1,000 settlements, then drains them (two batches of the
 *       default 500). The uncontended cost, reported per completion.</li>
 *   <li>{@link #fourProducers}: four threads add while the completer runs on its own service thread,
 *       as on a node; producers back off at {@link Producer#MAX_COMPLETION_BACKLOG} like the producer
 *       does. The score is the pipeline's throughput (completions per µs, all threads together), so
 *       it includes queue contention and wake-ups; on a machine with fewer than five cores it is
 *       bounded by CPU sharing too.</li>
 * </ul>
 * There are no event listeners (the event record is still built per completion, as on a node).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CompleterBenchmark {
    private static final int JOBS = 1_000;
    /** Power of two, so producers pick settlements with a mask. */
    private static final int DISTINCT = 1_024;
    private static final List<Settlement> SETTLEMENTS = settlements(DISTINCT);

    /** A completer of its own per thread, never started: the benchmark thread runs its loop. */
    @State(Scope.Thread)
    public static class Uncontended {
        Completer completer;

        @Setup
        public void setUp() {
            completer = newCompleter();
        }
    }

    /** One completer running on its service thread, shared by the producer threads. */
    @State(Scope.Benchmark)
    public static class Running {
        Completer completer;

        @Setup
        public void setUp() {
            completer = newCompleter();
            completer.start();
        }

        @TearDown
        public void tearDown() {
            completer.stop();
            if (completer.backlog() != 0) {
                throw new IllegalStateException(completer.backlog() + " completions left unwritten");
            }
        }
    }

    /** Where each producer thread is in the settlement list. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Benchmark
    @OperationsPerInvocation(JOBS)
    public int addThenDrain(Uncontended state) {
        Completer completer = state.completer;
        for (int i = 0; i < JOBS; i++) {
            completer.add(SETTLEMENTS.get(i));
        }
        int batches = 1;
        while (completer.runOnce()) {
            batches++;
        }
        return batches;
    }

    @Benchmark
    @Threads(4)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void fourProducers(Running state, Cursor cursor) {
        Completer completer = state.completer;
        while (completer.backlog() >= Producer.MAX_COMPLETION_BACKLOG) {
            Thread.yield();
        }
        completer.add(SETTLEMENTS.get(cursor.next++ & (DISTINCT - 1)));
    }

    private static Completer newCompleter() {
        var ids = SETTLEMENTS.stream().map(s -> s.job().id()).collect(Collectors.toSet());
        return new Completer(new NoOpStore(ids), new EventBus(List.of()), RuntimeSettings.DEFAULT_COMPLETE_BATCH);
    }

    /** Settlements of successful executions, built as the job runner builds them. */
    private static List<Settlement> settlements(int count) {
        Settler settler = new Settler(Classifier.defaults(), new Defaults(StevedoreBuilder.DEFAULT_MAX_ATTEMPTS,
                StevedoreBuilder.DEFAULT_TIMEOUT, RetryPolicy.exponential()), "bench-node", InstantSource.system());
        Settlement[] settlements = new Settlement[count];
        for (int i = 0; i < count; i++) {
            settlements[i] = settler.completed(runningJob(1_000_000L + i), Duration.ofMillis(3));
        }
        return List.of(settlements);
    }

    private static Job runningJob(long id) {
        Instant now = Instant.parse("2026-11-23T10:15:30Z");
        return new Job(id, "send_email", "default", JobState.RUNNING, 0,
                "{\"to\":\"ada@example.com\",\"subject\":\"Your invoice\",\"accountId\":42}", 1,
                StevedoreBuilder.DEFAULT_MAX_ATTEMPTS, now, now, now, "bench-node", null, null, List.of(),
                Map.of(), List.of(), null, null, null, null);
    }
}
