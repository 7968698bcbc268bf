package dev.stevedore;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A failure of an external program run by {@link Subprocess}, carrying the command (secret arguments
 * redacted, the environment never shown) and the tail of what it wrote on stderr.
 *
 * <p>Each type states its {@link ErrorCategory}, so the job's error classifier decides without help:
 * <ul>
 *   <li>{@link TimedOut} → {@link ErrorCategory#TIMEOUT} (retried);</li>
 *   <li>{@link NotStarted} (program not found or not executable, bad working directory) →
 *       {@link ErrorCategory#CODE}: a deployment fault, retried so that installing the program fixes
 *       the job;</li>
 *   <li>{@link NonZeroExit} → {@link ErrorCategory#TRANSIENT}, or {@link ErrorCategory#PERMANENT} for the
 *       exit codes given to {@link Subprocess#permanentExitCodes};</li>
 *   <li>{@link KilledBySignal} → {@link ErrorCategory#TRANSIENT} (the out-of-memory killer, an operator);</li>
 *   <li>{@link NoOutput} → {@link ErrorCategory#PERMANENT}: the same input will give nothing again;</li>
 *   <li>{@link UnparsableOutput} → {@link ErrorCategory#CODE}: the program and the code reading it
 *       disagree on the format, which a deploy fixes.</li>
 * </ul>
 * A type registered with {@code StevedoreBuilder#classify} overrides its category.
 */
public abstract sealed class SubprocessException extends RuntimeException implements ErrorClassifier.Categorized
        permits SubprocessException.TimedOut, SubprocessException.NotStarted, SubprocessException.NonZeroExit,
                SubprocessException.KilledBySignal, SubprocessException.NoOutput, SubprocessException.UnparsableOutput {

    private static final long serialVersionUID = 1L;
    /** Most stderr quoted in an exception's message; {@link #stderrTail()} has all that was kept. */
    static final int STDERR_IN_MESSAGE = 2000;

    private final String command;
    private final String stderrTail;
    private final ErrorCategory category;

    private SubprocessException(String command, String stderrTail, ErrorCategory category, String message,
                                @Nullable Throwable cause) {
        super(message + stderrSection(stderrTail), cause);
        this.command = command;
        this.stderrTail = stderrTail;
        this.category = category;
    }

    /** How the job's error classifier sees this failure; see the table above. */
    @Override
    public final ErrorCategory category() {
        return category;
    }

    /** The command as shown in messages: quoted for reading, secret arguments replaced by {@code '***'}. */
    public String command() {
        return command;
    }

    /** The end of what the program wrote on stderr (up to {@link Subprocess#maxStderr}), or "". */
    public String stderrTail() {
        return stderrTail;
    }

    /** "killed it and 2 descendant processes": what a kill did, for messages. */
    static String killedTree(int descendants) {
        return "killed it and " + descendants + " descendant process" + (descendants == 1 ? "" : "es");
    }

    private static String stderrSection(String stderr) {
        String trimmed = stderr.strip();
        if (trimmed.isEmpty()) {
            return "";
        }
        return trimmed.length() <= STDERR_IN_MESSAGE
                ? "; stderr:\n" + trimmed
                : "; stderr (last " + STDERR_IN_MESSAGE + " characters):\n…"
                        + trimmed.substring(trimmed.length() - STDERR_IN_MESSAGE);
    }

    /** The program ran past its timeout and was killed with all its descendants. */
    public static final class TimedOut extends SubprocessException {
        private static final long serialVersionUID = 1L;
        private final Duration timeout;

        TimedOut(String command, Duration timeout, int descendantsKilled, String stderrTail) {
            super(command, stderrTail, ErrorCategory.TIMEOUT, "`" + command + "` timed out after " + timeout + "; "
                    + killedTree(descendantsKilled), null);
            this.timeout = timeout;
        }

        /** The timeout that expired. */
        public Duration timeout() {
            return timeout;
        }
    }

    /** The program could not be started: not found, not executable, or a bad working directory. */
    public static final class NotStarted extends SubprocessException {
        private static final long serialVersionUID = 1L;

        NotStarted(String command, String reason, @Nullable Throwable cause) {
            super(command, "", ErrorCategory.CODE, "could not start `" + command + "`: " + reason, cause);
        }
    }

    /** The program exited with a code not declared successful. */
    public static final class NonZeroExit extends SubprocessException {
        private static final long serialVersionUID = 1L;
        private final int exitCode;

        NonZeroExit(String command, int exitCode, ErrorCategory category, String stderrTail) {
            super(command, stderrTail, category, "`" + command + "` exited with code " + exitCode
                    + (category == ErrorCategory.PERMANENT ? " (declared permanent)" : ""), null);
            this.exitCode = exitCode;
        }

        /** The program's exit code. */
        public int exitCode() {
            return exitCode;
        }
    }

    /**
     * The program was killed by a signal it did not get from us. Like a POSIX shell, an exit status of
     * 129..192 is read as signal (status − 128), also when a wrapper script reports its child's death so.
     */
    public static final class KilledBySignal extends SubprocessException {
        private static final long serialVersionUID = 1L;
        private final int signal;

        KilledBySignal(String command, int signal, String stderrTail) {
            super(command, stderrTail, ErrorCategory.TRANSIENT, "`" + command + "` was killed by signal " + signal + signalName(signal), null);
            this.signal = signal;
        }

        /** The signal's number (9 for {@code SIGKILL}, 15 for {@code SIGTERM} …). */
        public int signal() {
            return signal;
        }


        private static String signalName(int signal) {
            return switch (signal) {
                case 1 -> " (SIGHUP)";
                case 2 -> " (SIGINT)";
                case 6 -> " (SIGABRT: the program aborted)";
                case 9 -> " (SIGKILL: often the out-of-memory killer)";
                case 11 -> " (SIGSEGV: the program crashed)";
                case 13 -> " (SIGPIPE)";
                case 15 -> " (SIGTERM)";
                default -> "";
            };
        }
    }

    /** The program succeeded but wrote nothing (or only white space) on stdout, and output was required. */
    public static final class NoOutput extends SubprocessException {
        private static final long serialVersionUID = 1L;

        NoOutput(String command, String stderrTail) {
            super(command, stderrTail, ErrorCategory.PERMANENT, "`" + command + "` exited successfully but wrote nothing on stdout", null);
        }
    }

    /** The program's stdout could not be parsed as what the caller expected. */
    public static final class UnparsableOutput extends SubprocessException {
        private static final long serialVersionUID = 1L;

        UnparsableOutput(String command, String what, @Nullable Throwable cause) {
            super(command, "", ErrorCategory.CODE, "stdout of `" + command + "` " + what, cause);
        }
    }
}
