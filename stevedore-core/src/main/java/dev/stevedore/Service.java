package dev.stevedore;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A background loop with one job: run {@link #runOnce()}, then wait for the interval or a
 * {@link #wake()}, until stopped. Start and stop are idempotent; stop before start is fine.
 *
 * <p>A failing iteration is logged once when the failures begin and once when they end (not once per
 * retry: a database outage must not flood the log), and the loop backs off exponentially up to
 * {@link #MAX_FAILURE_BACKOFF}.
 */
abstract class Service {
    static final Duration MAX_FAILURE_BACKOFF = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(Service.class);

    private final String name;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signal = lock.newCondition();
    private boolean woken;
    private volatile boolean running;
    private Thread thread;
    private int failures;

    Service(String name) {
        this.name = name;
    }

    /** One iteration. Returns true to run again at once (more work is likely waiting). */
    abstract boolean runOnce() throws Exception;

    /** The wait between iterations when nothing wakes the loop. */
    abstract Duration interval();

    /** Runs on the service thread after the loop ends (flush buffers and the like). */
    void afterStop() {}

    final String name() {
        return name;
    }

    final void start() {
        lock.lock();
        try {
            if (running) {
                return;
            }
            running = true;
            thread = Thread.ofPlatform().daemon().name("stevedore-" + name).start(this::loop);
        } finally {
            lock.unlock();
        }
    }

    /** Stops the loop and waits for the current iteration and {@link #afterStop()} to finish. */
    final void stop() {
        Thread t;
        lock.lock();
        try {
            if (!running) {
                return;
            }
            running = false;
            t = thread;
            signal.signalAll();
        } finally {
            lock.unlock();
        }
        if (t != Thread.currentThread()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    final boolean isRunning() {
        return running;
    }

    /**
     * Runs iterations on the calling thread until one reports no more work: for a node driven by
     * {@link NodeSteps}, whose loops never start. A failure is thrown, not retried.
     */
    final void runHere() {
        if (running) {
            throw new IllegalStateException(name + " runs on its own thread; it cannot also run on the caller's");
        }
        try {
            while (runOnce()) {
                // more work waiting
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(name + " failed: " + e, e);
        }
    }

    /** Makes the loop run its next iteration now instead of after the interval. */
    final void wake() {
        lock.lock();
        try {
            woken = true;
            signal.signal();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        try {
            while (running) {
                boolean again;
                try {
                    again = runOnce();
                    if (failures > 0) {
                        LOG.info("{}: recovered after {} failed attempt(s)", name, failures);
                        failures = 0;
                    }
                } catch (Exception | AssertionError e) {
                    again = false;
                    failures++;
                    if (failures == 1) {
                        LOG.warn("{}: failing, will retry with backoff and stay quiet until it recovers: {}", name, e.toString(), e);
                    }
                }
                if (!again) {
                    await(failures == 0 ? interval() : backoff());
                }
            }
        } finally {
            try {
                afterStop();
            } catch (RuntimeException e) {
                LOG.warn("{}: error while stopping", name, e);
            }
        }
    }

    /** The longest wait between failed iterations. */
    Duration maxBackoff() {
        return MAX_FAILURE_BACKOFF;
    }

    private Duration backoff() {
        Duration d = interval().multipliedBy(1L << Math.min(failures, 8));
        d = d.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : d;
        return d.compareTo(maxBackoff()) > 0 ? maxBackoff() : d;
    }

    private void await(Duration timeout) {
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (running && !woken && nanos > 0) {
                nanos = signal.awaitNanos(nanos);
            }
            woken = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }
}
