package dev.stevedore;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One run of a {@link Subprocess}: starts the program, reads its output, waits for it within its
 * timeout, and kills its whole process tree on a timeout, an interrupt or any other way out.
 */
final class SubprocessRun {
    /** The tree is sampled this soon after the start, then at doubling intervals up to {@link #MAX_SAMPLE}. */
    static final Duration FIRST_SAMPLE = Duration.ofMillis(5);
    static final Duration MAX_SAMPLE = Duration.ofMillis(500);
    /**
     * How long after the program's exit its output may take to reach its end. Longer means a descendant
     * outlived it holding the pipes open, and is killed.
     */
    static final Duration LINGER = Duration.ofMillis(200);
    private static final Pattern ERRNO = Pattern.compile("error(?:=|: )(\\d+)");
    private static final long NO_DEADLINE = Long.MAX_VALUE;
    private static final Duration NO_DEADLINE_BEYOND = Duration.ofDays(365L * 100);
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private final Subprocess spec;
    private final CommandLine command;
    private final String shown;

    SubprocessRun(Subprocess spec, CommandLine command) {
        this.spec = spec;
        this.command = command;
        this.shown = command.shown();
    }

    Subprocess.Result run() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before starting `" + shown + "`");
        }
        String token = ProcessTree.newToken();
        long startNanos = System.nanoTime();
        Process process = start(token);
        ProcessTree tree = new ProcessTree(process, token);
        String name = "stevedore-subprocess-" + process.pid();
        StreamCapture out = new StreamCapture(StreamCapture.Keep.HEAD, spec.maxStdout, spec.stdoutLines)
                .start(process.getInputStream(), name + "-stdout");
        StreamCapture err = new StreamCapture(StreamCapture.Keep.TAIL, spec.maxStderr, spec.stderrLines)
                .start(process.getErrorStream(), name + "-stderr");
        feedStdin(process, name);
        // A timeout of centuries would overflow the nanosecond clock: it means no deadline.
        long deadline = spec.timeout == null || spec.timeout.compareTo(NO_DEADLINE_BEYOND) > 0
                ? NO_DEADLINE : startNanos + spec.timeout.toNanos();
        try {
            CompletableFuture<?> exitOrListenerFailure =
                    CompletableFuture.anyOf(process.onExit(), out.listenerFailure(), err.listenerFailure());
            boolean exited = await(exitOrListenerFailure, deadline, tree);
            throwListenerFailure(out, err);
            if (!exited || !drained(out, err, deadline, tree)) {
                throw timedOut(tree, err);
            }
            throwListenerFailure(out, err);
            return settle(process.exitValue(), out, err, Duration.ofNanos(System.nanoTime() - startNanos));
        } catch (InterruptedException e) {
            int killed = tree.kill(spec.killGrace);
            throw new InterruptedException("interrupted while running `" + shown + "`; " + SubprocessException.killedTree(killed));
        } catch (SubprocessException e) {
            throw e; // the process tree has ended, or was killed before this was thrown
        } catch (RuntimeException | Error e) {
            tree.kill(spec.killGrace);
            throw e;
        }
    }

    private Process start(String token) {
        if (spec.directory != null && !Files.isDirectory(spec.directory)) {
            throw notStarted("working directory " + spec.directory + " does not exist or is not a directory", null);
        }
        if (spec.stdinFile != null && !Files.isReadable(spec.stdinFile)) {
            throw notStarted("stdin file " + spec.stdinFile + " does not exist or is not readable", null);
        }
        ProcessBuilder builder = new ProcessBuilder(command.argv());
        if (spec.directory != null) {
            builder.directory(spec.directory.toFile());
        }
        Map<String, String> env = builder.environment();
        spec.envRemoved.forEach(env::remove);
        env.putAll(spec.envAdded);
        env.put(ProcessTree.MARKER, token);
        if (spec.stdinFile != null) {
            builder.redirectInput(spec.stdinFile.toFile());
        }
        try {
            return builder.start();
        } catch (IOException e) {
            throw notStarted(reason(e), e);
        }
    }

    /**
     * Says which of the usual causes it was, in words; the JDK reports an errno, as "error=2," or as
     * "Exec failed, error: 2" depending on its version and launch mechanism.
     */
    private String reason(IOException e) {
        String message = String.valueOf(e.getMessage());
        Matcher errno = ERRNO.matcher(message);
        String code = errno.find() ? errno.group(1) : "";
        String program = command.program();
        if (code.equals("2")) {
            if (program.contains("/")) {
                return Files.exists(Path.of(program))
                        ? "the interpreter named on the #! line of " + program + " was not found"
                        : "program file " + program + " does not exist";
            }
            return "program \"" + Names.printable(program) + "\" was not found on PATH=" + System.getenv("PATH");
        }
        if (code.equals("13")) {
            return "program " + Names.printable(program) + " is not executable (permission denied)";
        }
        return message;
    }

    private SubprocessException.NotStarted notStarted(String reason, @Nullable IOException cause) {
        return new SubprocessException.NotStarted(shown, reason, cause);
    }

    private void feedStdin(Process process, String name) {
        byte[] input = spec.stdinBytes;
        if (input == null) {
            // Without input, stdin ends at once, so a program that reads it cannot wait forever.
            try {
                process.getOutputStream().close();
            } catch (IOException ignored) {
                // nothing was written, nothing to lose
            }
            return;
        }
        Thread.ofVirtual().name(name + "-stdin").start(() -> {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input);
            } catch (IOException e) {
                // The program exited or closed stdin before reading it all; its exit code says whether that is a failure.
            }
        });
    }

    /**
     * Waits for {@code future} until {@code deadline}, sampling the process tree meanwhile; false if the
     * deadline passed first.
     */
    private static boolean await(CompletableFuture<?> future, long deadline, ProcessTree tree) throws InterruptedException {
        long slice = FIRST_SAMPLE.toNanos();
        while (true) {
            tree.sample();
            long wait = slice;
            if (deadline != NO_DEADLINE) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return future.isDone();
                }
                wait = Math.min(wait, left);
            }
            try {
                future.get(wait, TimeUnit.NANOSECONDS);
                return true;
            } catch (TimeoutException e) {
                slice = Math.min(slice * 2, MAX_SAMPLE.toNanos());
            } catch (ExecutionException e) {
                return true;
            }
        }
    }

    /** Waits for both streams to end after the program exited, killing descendants that outlive it. */
    private boolean drained(StreamCapture out, StreamCapture err, long deadline, ProcessTree tree) throws InterruptedException {
        CompletableFuture<Void> ended = CompletableFuture.allOf(out.done(), err.done());
        long linger = System.nanoTime() + LINGER.toNanos();
        if (!await(ended, deadline == NO_DEADLINE ? linger : Math.min(linger, deadline), tree) || tree.anyLeft()) {
            tree.kill(spec.killGrace);
        }
        return await(ended, deadline, tree);
    }

    private static void throwListenerFailure(StreamCapture out, StreamCapture err) {
        RuntimeException failure = out.listenerFailure().getNow(err.listenerFailure().getNow(null));
        if (failure != null) {
            throw failure;
        }
    }

    private SubprocessException.TimedOut timedOut(ProcessTree tree, StreamCapture err) {
        int killed = tree.kill(spec.killGrace);
        try {
            // The kill closed the pipes: give the reader a moment to take in the last of stderr.
            err.done().get(LINGER.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // report what was read so far
        }
        return new SubprocessException.TimedOut(shown, Objects.requireNonNull(spec.timeout), killed, err.text());
    }

    private Subprocess.Result settle(int exitCode, StreamCapture out, StreamCapture err, Duration elapsed) {
        var result = new Subprocess.Result(shown, exitCode, out.kept(), out.total(), err.kept(), err.total(), elapsed);
        if (spec.successExitCodes.contains(exitCode)) {
            if (spec.outputRequired && result.stdoutText().isBlank()) {
                throw new SubprocessException.NoOutput(shown, result.stderrText());
            }
            return result;
        }
        if (spec.permanentExitCodes.contains(exitCode)) {
            throw new SubprocessException.NonZeroExit(shown, exitCode, ErrorCategory.PERMANENT, result.stderrText());
        }
        if (!WINDOWS && exitCode > 128 && exitCode <= 128 + 64) {
            throw new SubprocessException.KilledBySignal(shown, exitCode - 128, result.stderrText());
        }
        throw new SubprocessException.NonZeroExit(shown, exitCode, ErrorCategory.TRANSIENT, result.stderrText());
    }
}
