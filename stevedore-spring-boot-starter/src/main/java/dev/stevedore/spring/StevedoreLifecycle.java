package dev.stevedore.spring;

import dev.stevedore.Stevedore;
import java.time.Duration;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the node with the application context and stops it gracefully when the context closes: no
 * new claims, running jobs given the shutdown grace, the rest interrupted and handed back, every
 * outcome written. Started after the web server and stopped before it begins its own graceful
 * shutdown, so requests still being served can enqueue while the node winds down.
 */
final class StevedoreLifecycle implements SmartLifecycle {
    /** Just below the default phase, after the web server's (which starts at DEFAULT_PHASE - 2048). */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    private final Stevedore node;
    private final boolean autostart;
    private volatile boolean running;

    StevedoreLifecycle(Stevedore node, boolean autostart) {
        this.node = node;
        this.autostart = autostart;
    }

    @Override
    public void start() {
        node.start();
        running = true;
    }

    @Override
    public void stop() {
        node.stop();
        running = false;
    }

    /**
     * Stops on a thread of its own: the context stops the other beans of this phase meanwhile and waits
     * for {@code callback} up to {@code spring.lifecycle.timeout-per-shutdown-phase}.
     */
    @Override
    public void stop(Runnable callback) {
        Thread.ofPlatform().name("stevedore-shutdown").start(() -> {
            try {
                stop();
            } finally {
                callback.run();
            }
        });
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public boolean isAutoStartup() {
        return autostart;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** The longest a stop can take: the shutdown grace, then the interrupt grace for jobs that ignore it. */
    static Duration longestStop(StevedoreProperties properties) {
        return properties.getShutdownGrace().plus(properties.getInterruptGrace());
    }
}
