package dev.stevedore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A started program and the processes descended from it, so all of them can be killed together.
 *
 * <p>{@link ProcessHandle#descendants()} only sees children whose parent is still alive: when a shell
 * is killed (or exits) first, its children are re-parented and drop out of the tree. So the tree is
 * sampled while the program runs, and every process also inherits a marker variable
 * ({@value #MARKER}) by which, on Linux, escaped descendants are found in {@code /proc} (the way
 * Jenkins finds the processes a build left behind).
 */
final class ProcessTree {
    /** The environment variable every process of the tree inherits, with a value unique to one run. */
    static final String MARKER = "STEVEDORE_SUBPROCESS_ID";
    /** How long processes are given to die after {@code SIGKILL} before we stop watching them. */
    static final Duration FORCED_EXIT_WAIT = Duration.ofSeconds(2);
    private static final Path PROC = Path.of("/proc");
    private static final Duration POLL = Duration.ofMillis(20);

    private final ProcessHandle root;
    private final String token;
    private final Set<ProcessHandle> seen = ConcurrentHashMap.newKeySet();

    /** The tree of {@code process}, started with {@value #MARKER} set to {@code token} in its environment. */
    ProcessTree(Process process, String token) {
        this.root = process.toHandle();
        this.token = token;
    }

    /** A fresh marker value, to put in the program's environment before it starts. */
    static String newToken() {
        return UUID.randomUUID().toString();
    }

    /** Records the descendants alive now, before an exit can orphan them. */
    void sample() {
        root.descendants().forEach(seen::add);
    }

    /**
     * Kills the program and every descendant still alive: a polite {@code SIGTERM} first, then
     * {@code SIGKILL} to whatever outlives {@code grace}. Returns how many descendants (not counting the
     * program itself) were alive when the kill began. Not interruptible: an interrupt shortens the grace
     * and is kept for the caller.
     */
    int kill(Duration grace) {
        Set<ProcessHandle> targets = alive();
        int descendants = targets.size() - (targets.contains(root) ? 1 : 0);
        targets.forEach(ProcessHandle::destroy);
        boolean interrupted = !awaitExit(targets, grace);
        targets = alive();
        targets.forEach(ProcessHandle::destroyForcibly);
        interrupted |= !awaitExit(targets, FORCED_EXIT_WAIT);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return descendants;
    }

    /**
     * Whether a descendant outlived the program: one seen while sampling, or (on Linux) one carrying the
     * marker, such as a daemon that detached before it could be sampled.
     */
    boolean anyLeft() {
        if (seen.stream().anyMatch(ProcessTree::running)) {
            return true;
        }
        Set<ProcessHandle> marked = new LinkedHashSet<>();
        marked(marked);
        return !marked.isEmpty();
    }

    private Set<ProcessHandle> alive() {
        Set<ProcessHandle> alive = new LinkedHashSet<>();
        if (running(root)) {
            alive.add(root);
            sample();
        }
        seen.stream().filter(ProcessTree::running).forEach(alive::add);
        marked(alive);
        return alive;
    }

    /**
     * Alive and not a zombie. A killed descendant whose parent died already waits for the init process
     * to reap it, which some container inits do only every second or two; {@link ProcessHandle#isAlive}
     * counts it alive until then.
     */
    static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(process.pid())).resolve("stat"));
            int name = stat.lastIndexOf(')'); // the state follows the command name, which may hold spaces
            return name < 0 || name + 2 >= stat.length() || stat.charAt(name + 2) != 'Z';
        } catch (IOException e) {
            return !Files.isDirectory(PROC); // no /proc to ask (not Linux): trust isAlive
        }
    }

    /** Adds the live processes carrying this tree's marker, found through {@code /proc} (Linux only). */
    private void marked(Set<ProcessHandle> into) {
        if (!Files.isDirectory(PROC)) {
            return;
        }
        byte[] marker = (MARKER + "=" + token).getBytes(StandardCharsets.UTF_8);
        long self = ProcessHandle.current().pid();
        ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self && !into.contains(p) && hasMarker(p.pid(), marker))
                .forEach(into::add);
    }

    private static boolean hasMarker(long pid, byte[] marker) {
        byte[] environ;
        try {
            environ = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("environ"));
        } catch (IOException | SecurityException e) {
            return false; // another user's process, or gone already
        }
        outer:
        for (int i = 0; i + marker.length <= environ.length; i++) {
            if (i > 0 && environ[i - 1] != 0) {
                continue;
            }
            for (int j = 0; j < marker.length; j++) {
                if (environ[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return i + marker.length == environ.length || environ[i + marker.length] == 0;
        }
        return false;
    }

    /** Waits until none of {@code processes} is alive or {@code bound} passed; false if interrupted. */
    private static boolean awaitExit(Set<ProcessHandle> processes, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (processes.stream().anyMatch(ProcessTree::running) && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                return false;
            }
        }
        return true;
    }
}
