package dev.stevedore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real programs that hang, fork trees of children and outlive their parent: whatever way a run ends,
 * no process it started is left alive. Scripts print the pids of their processes on stdout, collected
 * by a line listener, so the test can check each one through {@link ProcessHandle}.
 */
// A broken kill or a deadlock (even in an uninterruptible pipe read) fails here instead of hanging the build.
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SubprocessKillTest {
    /** Generous: the machine is small and shared; a broken kill shows as a hang, not a slow pass. */
    static final Duration BOUND = Duration.ofSeconds(10);
    /** Starts two sleeping children, prints their pids and the shell's own, then waits for them. */
    static final String TREE = "sleep 60 & echo $!; sleep 60 & echo $!; echo $$; wait";

    private final Classifier classifier = Classifier.defaults();
    private final List<Long> pids = new CopyOnWriteArrayList<>();

    private Subprocess printingPids(String script) {
        return Subprocess.of("sh", "-c", script).onStdoutLine(line -> pids.add(Long.parseLong(line.strip())));
    }

    @Test
    void aHangingProgramIsKilledAtItsTimeout() {
        Subprocess sleeper = printingPids("echo $$; exec sleep 60").timeout(Duration.ofMillis(500));
        long start = System.nanoTime();

        assertThatThrownBy(sleeper::run)
                .isInstanceOf(SubprocessException.TimedOut.class)
                .hasMessageContaining("`sh -c 'echo $$; exec sleep 60'` timed out after PT0.5S")
                .satisfies(e -> assertThat(classifier.classify(e)).isEqualTo(ErrorCategory.TIMEOUT));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
        assertThat(pids).hasSize(1);
        awaitAllDead();
    }

    @Test
    void aTimeoutKillsEveryDescendantNotOnlyTheProgram() {
        Subprocess tree = printingPids(TREE).timeout(Duration.ofSeconds(1));
        long start = System.nanoTime();

        assertThatThrownBy(tree::run)
                .isInstanceOf(SubprocessException.TimedOut.class)
                .hasMessageContaining("killed it and 2 descendant processes");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
        assertThat(pids).as("two sleeps and the shell").hasSize(3);
        awaitAllDead();
    }

    @Test
    void processesIgnoringSigtermAreKilledAfterTheGrace() {
        // Ignoring TERM in the shell makes its children ignore it too: only SIGKILL ends them.
        Subprocess stubborn = printingPids("trap '' TERM; " + TREE)
                .timeout(Duration.ofSeconds(1))
                .killGrace(Duration.ofMillis(300));

        assertThatThrownBy(stubborn::run).isInstanceOf(SubprocessException.TimedOut.class);

        assertThat(pids).hasSize(3);
        awaitAllDead();
    }

    @Test
    void interruptingTheCallingThreadKillsTheTree() throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                printingPids(TREE).run();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        await().atMost(BOUND).until(() -> pids.size() == 3);

        caller.interrupt();

        assertThat(caller.join(BOUND)).as("run() returned after the interrupt").isTrue();
        assertThat(thrown.get())
                .isInstanceOf(InterruptedException.class)
                .hasMessageContaining("interrupted while running `sh -c")
                .hasMessageContaining("killed it and 2 descendant processes");
        awaitAllDead();
    }

    @Test
    void processesLeftRunningByAProgramThatExitedAreKilled() throws InterruptedException {
        // The sleep keeps the stdout pipe open after the shell exits: without the clean-up, run() would hang.
        Subprocess.Result result = printingPids("sleep 60 & echo $!").timeout(Duration.ofSeconds(30)).run();

        assertThat(result.exitCode()).isZero();
        assertThat(pids).hasSize(1);
        awaitAllDead();
    }

    @Test
    void aDetachedDaemonIsKilledToo() throws InterruptedException {
        // Its output goes elsewhere, so nothing waits for it: it is found by the marker in its environment.
        Subprocess.Result result = printingPids("sleep 60 >/dev/null 2>&1 </dev/null & echo $!")
                .timeout(Duration.ofSeconds(30)).run();

        assertThat(result.exitCode()).isZero();
        assertThat(pids).hasSize(1);
        awaitAllDead();
    }

    @Test
    void aLineListenerThatThrowsStopsTheProgram() {
        Subprocess failing = Subprocess.of("sh", "-c", "sleep 60 & echo $!; wait").onStdoutLine(line -> {
            pids.add(Long.parseLong(line));
            throw new IllegalStateException("cannot parse progress: " + line);
        });
        long start = System.nanoTime();

        assertThatThrownBy(failing::run).isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot parse progress");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
        assertThat(pids).hasSize(1);
        awaitAllDead();
    }

    private void awaitAllDead() {
        await().atMost(BOUND).untilAsserted(() -> assertThat(pids).allSatisfy(pid -> assertThat(running(pid)).as("process " + pid + " running").isFalse()));
    }

    /**
     * Whether the process exists and is not a zombie: killed orphans stay zombies until the container's
     * init reaps them, which can take seconds here, and {@link ProcessHandle} counts zombies as alive.
     */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false; // gone
        }
    }
}
