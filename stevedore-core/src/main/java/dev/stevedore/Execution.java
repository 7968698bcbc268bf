package dev.stevedore;

import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One execution of one claimed job: its thread, its deadline, and who settles it. Exactly one party
 * settles an execution: the handler's own thread when it returns or throws, or the timeout watchdog
 * when the thread ignores its interrupt for longer than the interrupt grace.
 */
final class Execution {
    /** Why the execution was interrupted, if it was. */
    enum Interruption { NONE, TIMEOUT, SHUTDOWN }

    final Job job;
    final Registration<?> registration;
    final Instant deadline;
    final long startNanos;
    final Runnable onSettled;
    private final AtomicBoolean settled = new AtomicBoolean();
    volatile Thread thread;
    volatile Interruption interruption = Interruption.NONE;
    volatile ScheduledFuture<?> timer;

    Execution(Job job, Registration<?> registration, Instant deadline, long startNanos, Runnable onSettled) {
        this.job = job;
        this.registration = registration;
        this.deadline = deadline;
        this.startNanos = startNanos;
        this.onSettled = onSettled;
    }

    /** Claims the right to settle; true for exactly one caller. */
    boolean settle() {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
        return true;
    }

    boolean isSettled() {
        return settled.get();
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
