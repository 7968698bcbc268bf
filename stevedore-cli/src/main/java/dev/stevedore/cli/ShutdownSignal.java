package dev.stevedore.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * When a long-running command (the worker) should stop. In the real process that is SIGTERM or
 * SIGINT, caught by a shutdown hook that then waits for the graceful stop to finish before the JVM
 * exits; tests call {@link #request()} instead.
 */
public final class ShutdownSignal {
    /** How long the shutdown hook waits for a graceful stop: shutdown grace, interrupt grace and slack. */
    static final Duration HOOK_WAIT = Duration.ofSeconds(60);

    private final boolean jvmHook;
    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean hookInstalled = new AtomicBoolean();

    private ShutdownSignal(boolean jvmHook) {
        this.jvmHook = jvmHook;
    }

    /** Stops on SIGTERM/SIGINT. */
    public static ShutdownSignal jvm() {
        return new ShutdownSignal(true);
    }

    /** Stops only when {@link #request()} is called. */
    public static ShutdownSignal manual() {
        return new ShutdownSignal(false);
    }

    /** Asks the command to stop. */
    public void request() {
        requested.countDown();
    }

    /** Whether the command has finished stopping. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Blocks until a stop is requested. */
    void await() throws InterruptedException {
        arm();
        requested.await();
    }

    /** Installs the JVM shutdown hook, once; call before starting what the hook must stop. */
    void arm() {
        if (jvmHook && hookInstalled.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("stevedore-shutdown").unstarted(() -> {
                request();
                try {
                    // The JVM exits when the hooks return: hold it until the graceful stop is done.
                    stopped.await(HOOK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
    }

    /** Reports that the command has stopped (releases the shutdown hook). */
    void stopped() {
        stopped.countDown();
    }
}
