package dev.stevedore;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * An external program for a job handler to run: {@code ffmpeg}, {@code pdftotext}, a Python script.
 *
 * <pre>{@code
 * Subprocess.Result result = Subprocess.of("ffprobe", "-v", "error", "-print_format", "json", "-show_format", input)
 *         .timeout(Duration.ofMinutes(2))
 *         .run();
 * Probe probe = result.stdoutJson(Probe.class);
 * }</pre>
 *
 * <p>The program gets its arguments as a list, never through a shell, so no argument is ever split or
 * interpreted. Its stdout (the head, up to {@link #maxStdout}) and stderr (the tail, up to
 * {@link #maxStderr}) are read concurrently, so a program writing megabytes to either cannot block.
 * On a {@link #timeout}, or when the calling thread is interrupted (a job's own timeout or its
 * cancellation does this), the program <em>and every process it started</em> are stopped: {@code SIGTERM},
 * then {@code SIGKILL} after {@link #killGrace}. Processes it leaves running when it exits are killed too.
 * Failures are {@link SubprocessException}s whose types the job's error classifier understands.
 *
 * <p>Each setter checks its value at once and throws {@link IllegalArgumentException} naming it. A
 * {@code Subprocess} is a mutable description, not thread-safe; every {@link #run} starts a new process.
 */
public final class Subprocess {
    /** Default {@link #maxStdout}: 1 MiB. */
    public static final int DEFAULT_MAX_STDOUT = 1024 * 1024;
    /** Default {@link #maxStderr}: 64 KiB. */
    public static final int DEFAULT_MAX_STDERR = 64 * 1024;
    /** Largest {@link #maxStdout} or {@link #maxStderr}: 1 GiB, as output is kept in memory. */
    public static final int MAX_CAPTURE = 1024 * 1024 * 1024;
    /** Default {@link #killGrace}: 2 seconds between {@code SIGTERM} and {@code SIGKILL}. */
    public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(2);

    final List<String> argv = new ArrayList<>();
    final Set<Integer> secrets = new HashSet<>();
    @Nullable Path directory;
    final Map<String, String> envAdded = new LinkedHashMap<>();
    final Set<String> envRemoved = new LinkedHashSet<>();
    byte @Nullable [] stdinBytes;
    @Nullable Path stdinFile;
    @Nullable Duration timeout;
    Duration killGrace = DEFAULT_KILL_GRACE;
    int maxStdout = DEFAULT_MAX_STDOUT;
    int maxStderr = DEFAULT_MAX_STDERR;
    @Nullable Consumer<String> stdoutLines;
    @Nullable Consumer<String> stderrLines;
    Set<Integer> successExitCodes = Set.of(0);
    Set<Integer> permanentExitCodes = Set.of();
    boolean outputRequired;

    private Subprocess(String program) {
        if (Objects.requireNonNull(program, "program").isBlank()) {
            throw new IllegalArgumentException("program must not be blank");
        }
        argv.add(checkArg(program));
    }

    /** A program (a name looked up on the JVM's {@code PATH}, or a path) and its first arguments. */
    public static Subprocess of(String program, String... args) {
        return new Subprocess(program).args(args);
    }

    /** A command as a list: the program, then its arguments. */
    public static Subprocess of(List<String> command) {
        if (Objects.requireNonNull(command, "command").isEmpty()) {
            throw new IllegalArgumentException("command must name a program, was an empty list");
        }
        return new Subprocess(command.get(0)).args(command.subList(1, command.size()).toArray(String[]::new));
    }

    /** Appends arguments, each passed to the program as it is. */
    public Subprocess args(String... args) {
        for (String arg : Objects.requireNonNull(args, "args")) {
            argv.add(checkArg(arg));
        }
        return this;
    }

    /** Appends an argument holding a secret (a token, a password): shown as {@code '***'} in every message. */
    public Subprocess secretArg(String arg) {
        argv.add(checkArg(arg));
        secrets.add(argv.size() - 1);
        return this;
    }

    /** The program's working directory. Default: the JVM's. */
    public Subprocess directory(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
        return this;
    }

    /**
     * Sets an environment variable for the program, on top of the JVM's environment. Values are never
     * shown in messages. The program itself is looked up on the JVM's {@code PATH}, not on one set here.
     */
    public Subprocess env(String name, String value) {
        envRemoved.remove(checkEnvName(name));
        envAdded.put(name, checkArg(Objects.requireNonNull(value, "value")));
        return this;
    }

    /** Removes an inherited environment variable from the program's environment. */
    public Subprocess removeEnv(String name) {
        envAdded.remove(checkEnvName(name));
        envRemoved.add(name);
        return this;
    }

    /** Bytes to write to the program's stdin. Default: an empty stdin (end of input at once). */
    public Subprocess stdin(byte[] input) {
        this.stdinBytes = Objects.requireNonNull(input, "input").clone();
        this.stdinFile = null;
        return this;
    }

    /** A file to connect to the program's stdin. Default: an empty stdin. */
    public Subprocess stdin(Path file) {
        this.stdinFile = Objects.requireNonNull(file, "file");
        this.stdinBytes = null;
        return this;
    }

    /**
     * How long the program may run before it and its descendants are killed and
     * {@link SubprocessException.TimedOut} is thrown. Must be &gt; 0. Default: none of its own; in a job,
     * the job's timeout interrupts the handler, which kills the program as well.
     */
    public Subprocess timeout(Duration timeout) {
        this.timeout = Names.checkTimeout(timeout);
        return this;
    }

    /** Time between the polite {@code SIGTERM} and the {@code SIGKILL} when killing. Must be &gt; 0; default 2 s. */
    public Subprocess killGrace(Duration grace) {
        this.killGrace = Names.checkPositive("killGrace", grace);
        return this;
    }

    /** Bytes of stdout kept, from its start; the rest is counted and dropped. 0..1 GiB, default 1 MiB. */
    public Subprocess maxStdout(int bytes) {
        this.maxStdout = Names.checkRange("maxStdout", bytes, 0, MAX_CAPTURE);
        return this;
    }

    /** Bytes of stderr kept, from its end (where errors usually are). 0..1 GiB, default 64 KiB. */
    public Subprocess maxStderr(int bytes) {
        this.maxStderr = Names.checkRange("maxStderr", bytes, 0, MAX_CAPTURE);
        return this;
    }

    /**
     * Receives each line of stdout as it is written (lines end at LF, CR or CRLF; longer than 64 KiB
     * are cut), for example to parse progress. Runs on a reader thread; all of stdout is passed on, not
     * only what {@link #maxStdout} keeps. If it throws, the program is killed and {@link #run} rethrows.
     */
    public Subprocess onStdoutLine(Consumer<String> listener) {
        this.stdoutLines = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** Receives each line of stderr as it is written, like {@link #onStdoutLine}. */
    public Subprocess onStderrLine(Consumer<String> listener) {
        this.stderrLines = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** The exit codes that mean success (for example {@code 0, 1} for {@code grep} or {@code diff}). Default: 0. */
    public Subprocess successExitCodes(int... codes) {
        if (Objects.requireNonNull(codes, "codes").length == 0) {
            throw new IllegalArgumentException("successExitCodes needs at least one code");
        }
        this.successExitCodes = setOf(codes);
        return this;
    }

    /**
     * Exit codes that mean retrying cannot help (bad input, unsupported format): the
     * {@link SubprocessException.NonZeroExit} is then {@link ErrorCategory#PERMANENT}. Default: none,
     * every failing exit is {@link ErrorCategory#TRANSIENT}.
     */
    public Subprocess permanentExitCodes(int... codes) {
        this.permanentExitCodes = setOf(Objects.requireNonNull(codes, "codes"));
        return this;
    }

    /** Fails with {@link SubprocessException.NoOutput} when the program succeeds but stdout is empty or blank. */
    public Subprocess requireOutput() {
        this.outputRequired = true;
        return this;
    }

    /**
     * Runs the program to its end and returns what it wrote.
     *
     * @throws SubprocessException  if it could not start, timed out, failed, or gave no required output
     * @throws InterruptedException if the calling thread was interrupted; the program and its
     *                              descendants have been killed
     */
    public Result run() throws InterruptedException {
        return new SubprocessRun(this, new CommandLine(argv, secrets)).run();
    }

    /** The command as shown in messages, secret arguments redacted. */
    @Override
    public String toString() {
        return new CommandLine(argv, secrets).shown();
    }

    /**
     * What a program that exited successfully wrote.
     *
     * @param command     the command as shown in messages, secret arguments redacted
     * @param exitCode    its exit code, one of {@link #successExitCodes}
     * @param stdout      the first {@link #maxStdout} bytes of its stdout
     * @param stdoutTotal how many bytes it wrote on stdout, kept or not
     * @param stderr      the last {@link #maxStderr} bytes of its stderr
     * @param stderrTotal how many bytes it wrote on stderr, kept or not
     * @param elapsed     how long it ran
     */
    public record Result(String command, int exitCode, byte[] stdout, long stdoutTotal, byte[] stderr,
                         long stderrTotal, Duration elapsed) {
        public Result {
            Objects.requireNonNull(command, "command");
            stdout = stdout.clone();
            stderr = stderr.clone();
            Objects.requireNonNull(elapsed, "elapsed");
        }

        /** A copy of the kept stdout bytes. */
        @Override
        public byte[] stdout() {
            return stdout.clone();
        }

        /** A copy of the kept stderr bytes. */
        @Override
        public byte[] stderr() {
            return stderr.clone();
        }

        /** The kept stdout decoded as UTF-8 (malformed bytes replaced). */
        public String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        /** The kept stderr decoded as UTF-8 (malformed bytes replaced). */
        public String stderrText() {
            return new String(stderr, StandardCharsets.UTF_8);
        }

        /** Whether stdout was longer than {@link #maxStdout} and its end was dropped. */
        public boolean stdoutTruncated() {
            return stdoutTotal > stdout.length;
        }

        /** Whether stderr was longer than {@link #maxStderr} and its start was dropped. */
        public boolean stderrTruncated() {
            return stderrTotal > stderr.length;
        }

        /**
         * Stdout parsed as JSON into {@code type} (a record, a {@code Map}, Jackson's {@code JsonNode}).
         * Unknown properties are ignored; anything after the JSON value is an error.
         *
         * @throws SubprocessException.UnparsableOutput if stdout is empty, was truncated, or is not such JSON;
         *         the message shows how stdout begins
         */
        public <T> T stdoutJson(Class<T> type) {
            return OutputJson.parse(this, type);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Result r && command.equals(r.command) && exitCode == r.exitCode
                    && Arrays.equals(stdout, r.stdout) && stdoutTotal == r.stdoutTotal
                    && Arrays.equals(stderr, r.stderr) && stderrTotal == r.stderrTotal && elapsed.equals(r.elapsed);
        }

        @Override
        public int hashCode() {
            return Objects.hash(command, exitCode, Arrays.hashCode(stdout), stdoutTotal, Arrays.hashCode(stderr), stderrTotal, elapsed);
        }

        @Override
        public String toString() {
            return "Result[`" + command + "` exited " + exitCode + " after " + elapsed + ", stdout " + stdoutTotal
                    + " bytes (" + stdout.length + " kept), stderr " + stderrTotal + " bytes (" + stderr.length + " kept)]";
        }
    }

    private static String checkArg(String arg) {
        Objects.requireNonNull(arg, "argument");
        if (arg.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("arguments and values must not contain NUL, was \"" + Names.printable(arg) + "\"");
        }
        return arg;
    }

    private static String checkEnvName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(
                    "environment variable name must be non-empty without '=' or NUL, was \"" + Names.printable(name) + "\"");
        }
        return name;
    }

    private static Set<Integer> setOf(int... codes) {
        return Arrays.stream(codes).boxed().collect(Collectors.toUnmodifiableSet());
    }
}
