package dev.stevedore;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The lock that makes "which jobs does this node hold?" answerable. A job comes to a node by a claim,
 * then moves from the claim to the buffer, from the buffer to running, and from running to an outcome not
 * yet written. Claims and moves take the shared side ({@link #moving()}); the check for jobs the store
 * records as running here that the node does not hold ({@link UnheldJobs}) takes the exclusive side for
 * the time it reads what the node holds and asks the store, so it never meets a job between two stages,
 * nor a claim that committed but whose jobs have not reached the buffer yet.
 *
 * <p>Why it is needed: the check only considers jobs claimed longer ago than the rescue window, but a
 * claim can take that long between its commit and its jobs reaching the buffer (a rate lease waiting on
 * the database, a loaded machine), and a job polled from the buffer is briefly in neither the buffer nor
 * the running set. The chaos suite saw nodes hand back, as "not held", jobs they then ran to success.
 */
final class HandOffs {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    /** The shared side: held by a claim until its jobs are buffered, and by each move between stages. */
    Lock moving() {
        return lock.readLock();
    }

    /**
     * Runs {@code check} while nothing moves and no claim is in flight, if that can be had within
     * {@code patience}; returns whether it ran. Moves wait for the check meanwhile (one store round trip).
     */
    boolean whileStill(Duration patience, Runnable check) throws InterruptedException {
        Lock still = lock.writeLock();
        if (!still.tryLock(patience.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        try {
            check.run();
            return true;
        } finally {
            still.unlock();
        }
    }
}
