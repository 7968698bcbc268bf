package dev.stevedore;

import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One execution of one claimed job: its thread, its deadline, what its handler reported, and who
 * settles it. Exactly one party settles an execution: the handler's own thread when it returns or
 * throws, or the watchdog when the thread ignores its interrupt (timeout, cancel) for longer than the
 * interrupt grace.
 */
final class Execution {
    /** Why the execution was interrupted, if it was. */
    enum Interruption { NONE, TIMEOUT, SHUTDOWN, CANCEL }

    final Job job;
    final Registration<?> registration;
    final Instant deadline;
    final long startNanos;
    final Consumer<Settlement> onSettled;
    private final AtomicBoolean settled = new AtomicBoolean();
    volatile Thread thread;
    volatile Interruption interruption = Interruption.NONE;
    volatile ScheduledFuture<?> timer;
    /** The heartbeat watch, when the job has a heartbeat timeout. */
    volatile @Nullable ScheduledFuture<?> heartbeatTimer;
    /** When the handler last showed it is alive ({@link System#nanoTime()}): its start, then each heartbeat. */
    private volatile long lastBeatNanos;
    /** The time limit that interrupted the execution, if one did; the first one sticks. */
    private final AtomicReference<LimitReached> limitReached = new AtomicReference<>();
    /** An operator asked to cancel the job while this execution runs. */
    volatile boolean cancelRequested;
    /** What the handler threw, if it threw. */
    volatile @Nullable Throwable thrown;
    /** The output the handler recorded, as JSON. */
    volatile @Nullable String output;
    /** The latest progress reported, written or not: it goes out again with the outcome. */
    volatile Job.@Nullable Progress progress;
    /** The latest progress not yet handed to the progress writer. */
    private final AtomicReference<Job.Progress> unwritten = new AtomicReference<>();

    /** When the runtime called the handler (node clock); set once, before the handler runs. */
    volatile @Nullable Instant startedAt;

    /** The last moment the handler may begin ({@link AdmittedJob#startBy}); {@link AdmittedJob#ANY_TIME} if unbounded. */
    final long startBy;

    Execution(AdmittedJob admitted, Registration<?> registration, Instant deadline, long startNanos,
              Consumer<Settlement> onSettled) {
        this.job = admitted.job();
        this.startBy = admitted.startBy();
        this.registration = registration;
        this.deadline = deadline;
        this.startNanos = startNanos;
        this.lastBeatNanos = startNanos;
        this.onSettled = onSettled;
    }

    /** The handler is alive: a heartbeat or a progress report. One volatile write. */
    void beat() {
        lastBeatNanos = System.nanoTime();
    }

    long lastBeatNanos() {
        return lastBeatNanos;
    }

    /** Interrupts the handler because it ran into {@code limit}; the first limit reached is the one recorded. */
    void timeOut(LimitReached limit) {
        limitReached.compareAndSet(null, limit);
        interrupt(Interruption.TIMEOUT);
    }

    /** The limit that interrupted the execution, or null when none did. */
    @Nullable LimitReached limitReached() {
        return limitReached.get();
    }

    /** Claims the right to settle; true for exactly one caller. */
    boolean settle() {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        cancel(timer);
        cancel(heartbeatTimer);
        return true;
    }

    private static void cancel(@Nullable ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    boolean isSettled() {
        return settled.get();
    }

    /**
     * Records a progress report; true when nothing was waiting to be written, so the caller queues
     * this execution for the writer (which then takes the latest report, however many came meanwhile).
     */
    boolean report(Job.Progress latest) {
        progress = latest;
        return unwritten.getAndSet(latest) == null;
    }

    /** The report waiting to be written, if any; the next {@link #report} queues the execution again. */
    Job.@Nullable Progress takeUnwritten() {
        return unwritten.getAndSet(null);
    }

    /** Interrupts the handler's thread for {@code reason}; the first reason sticks. */
    void interrupt(Interruption reason) {
        if (interruption == Interruption.NONE) {
            interruption = reason;
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
