package dev.stevedore.jmh;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.spi.MDCAdapter;

/**
 * The cost of the primitive steps {@code JobRunner.run} takes for every job, each on its own, done the
 * way the runner does them: start a named virtual thread, arm the timeout timer on a one-thread
 * {@link ScheduledThreadPoolExecutor} with remove-on-cancel (and cancel it when the job settles), and
 * put four MDC entries then clear them. Steps not measured here (an {@code Instant} sum, a
 * {@code ConcurrentHashMap} put and remove, two small allocations) are cheaper than these.
 *
 * <p>It matters because these are paid once per job however fast the store is; with the serialisation
 * and completer benchmarks they add up to the JVM's share of a job.
 *
 * <ul>
 *   <li>{@link #virtualThreadStartJoin}: start one virtual thread that does nothing and join it. The
 *       join (parking and waking this platform thread) is not in the runner's path, so this is an
 *       upper bound; {@link #virtualThreadStart100ThenJoin} starts a claim batch's worth before
 *       joining, which amortises the join and is closer to a busy node.</li>
 *   <li>{@link #timerScheduleCancel}: with {@code pendingTimers} other timers armed (the node's running
 *       jobs, whose deadlines come first), so the cost of the executor's heap is included.</li>
 *   <li>{@link #mdcPutFourAndClear}: on slf4j's reference adapter ({@link BasicMDCAdapter}, a
 *       thread-local map). The real cost depends on the application's logging backend: slf4j-simple,
 *       the CLI's, has a no-op MDC (then only the two number-to-string conversions remain); Logback's
 *       adapter does thread-local map work like this one.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class JobRunnerStepsBenchmark {
    private static final int CLAIM_BATCH = 100;
    private static final Duration TIMEOUT = Duration.ofMinutes(30);
    private static final Runnable NOTHING = () -> {};

    private final MDCAdapter mdc = new BasicMDCAdapter();
    private long jobId = 1_000_000L;

    /** The node's timer executor, configured as {@code WorkerNode} configures it. */
    @State(Scope.Benchmark)
    public static class Timers {
        @Param({"0", "1000"})
        public int pendingTimers;
        ScheduledThreadPoolExecutor executor;

        @Setup
        public void setUp() {
            executor = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("bench-timers").factory());
            executor.setRemoveOnCancelPolicy(true);
            long earlier = TIMEOUT.minusMinutes(1).toNanos();
            for (int i = 0; i < pendingTimers; i++) {
                executor.schedule(NOTHING, earlier, TimeUnit.NANOSECONDS);
            }
        }

        @TearDown
        public void tearDown() {
            executor.shutdownNow();
        }
    }

    @Benchmark
    public void virtualThreadStartJoin() throws InterruptedException {
        Thread.ofVirtual().name("stevedore-job-" + jobId++).start(NOTHING).join();
    }

    @Benchmark
    @OperationsPerInvocation(CLAIM_BATCH)
    public void virtualThreadStart100ThenJoin() throws InterruptedException {
        Thread[] threads = new Thread[CLAIM_BATCH];
        for (int i = 0; i < CLAIM_BATCH; i++) {
            threads[i] = Thread.ofVirtual().name("stevedore-job-" + jobId++).start(NOTHING);
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    @Benchmark
    public boolean timerScheduleCancel(Timers timers) {
        ScheduledFuture<?> timer = timers.executor.schedule(NOTHING, TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        return timer.cancel(false);
    }

    @Benchmark
    public void mdcPutFourAndClear() {
        long id = jobId++;
        mdc.put("stevedore.job_id", Long.toString(id));
        mdc.put("stevedore.kind", "send_email");
        mdc.put("stevedore.queue", "default");
        mdc.put("stevedore.attempt", Integer.toString(1 + (int) (id & 3)));
        mdc.clear();
    }
}
