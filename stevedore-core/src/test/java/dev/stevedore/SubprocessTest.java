package dev.stevedore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Running real programs: what they get, what comes back, and the error for each way they fail. */
// A broken kill or a deadlock (even in an uninterruptible pipe read) fails here instead of hanging the build.
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SubprocessTest {
    private final Classifier classifier = Classifier.defaults();

    record Probe(String name, int size) {}

    @Test
    void argumentsReachTheProgramAsGivenWithNoShellInBetween() throws InterruptedException {
        Subprocess.Result result = Subprocess.of("printf", "%s|", "a b", "$HOME", "*", ";", "\"q\"", "").run();

        assertThat(result.stdoutText()).isEqualTo("a b|$HOME|*|;|\"q\"||");
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdoutTruncated()).isFalse();
    }

    @Test
    void workingDirectoryEnvironmentAndStdin(@TempDir Path dir) throws Exception {
        Subprocess.Result result = Subprocess.of("sh", "-c", "pwd; echo \"$GREETING\"; echo \"${HOME-unset}\"; cat")
                .directory(dir)
                .env("GREETING", "hello")
                .removeEnv("HOME")
                .stdin("from stdin".getBytes(StandardCharsets.UTF_8))
                .run();

        assertThat(result.stdoutText().lines()).containsExactly(dir.toRealPath().toString(), "hello", "unset", "from stdin");
    }

    @Test
    void stdinFromAFile(@TempDir Path dir) throws Exception {
        Path input = Files.writeString(dir.resolve("in.txt"), "line one\nline two\n");

        assertThat(Subprocess.of("wc", "-l").stdin(input).run().stdoutText().strip()).isEqualTo("2");
    }

    @Test
    void largeStdinIsWrittenWhileStdoutIsRead() throws InterruptedException {
        byte[] input = new byte[3_000_000];
        Arrays.fill(input, (byte) 'x');

        Subprocess.Result result = Subprocess.of("cat").stdin(input).timeout(Duration.ofSeconds(60)).run();

        assertThat(result.stdoutTotal()).isEqualTo(3_000_000);
        assertThat(result.stdout()).hasSize(Subprocess.DEFAULT_MAX_STDOUT);
    }

    @Test
    void megabytesOnBothStreamsKeepTheHeadOfStdoutAndTheTailOfStderr() throws InterruptedException {
        // stderr fills first: read one stream after the other and the program blocks on a full pipe.
        Subprocess.Result result = Subprocess.of("sh", "-c", "echo FIRST; yes err | head -c 30000000 >&2; "
                        + "yes out | head -c 30000000; echo LAST >&2")
                .timeout(Duration.ofSeconds(30))
                .run();

        assertThat(result.stdout()).hasSize(Subprocess.DEFAULT_MAX_STDOUT);
        assertThat(result.stdoutText()).startsWith("FIRST\nout\nout\n");
        assertThat(result.stdoutTotal()).isEqualTo(6 + 30_000_000);
        assertThat(result.stdoutTruncated()).isTrue();
        assertThat(result.stderr()).hasSize(Subprocess.DEFAULT_MAX_STDERR);
        assertThat(result.stderrText()).endsWith("err\nLAST\n");
        assertThat(result.stderrTotal()).isEqualTo(30_000_000 + 5);
        assertThat(result.stderrTruncated()).isTrue();
    }

    @Test
    void limitsAreConfigurable() throws InterruptedException {
        Subprocess.Result result = Subprocess.of("sh", "-c", "echo 0123456789; echo abcdefghij >&2")
                .maxStdout(4).maxStderr(3).run();

        assertThat(result.stdoutText()).isEqualTo("0123");
        assertThat(result.stderrText()).isEqualTo("ij\n");
        assertThat(result.stdoutTruncated()).isTrue();
        assertThat(result.stderrTruncated()).isTrue();
    }

    @Test
    void linesReachListenersAsTheyAreWritten() throws InterruptedException {
        List<String> out = new CopyOnWriteArrayList<>();
        List<String> err = new CopyOnWriteArrayList<>();

        Subprocess.of("sh", "-c", "printf 'a\\nb\\r\\n\\nc\\rd'; printf '10%%\\r20%%\\r' >&2")
                .onStdoutLine(out::add).onStderrLine(err::add).run();

        assertThat(out).containsExactly("a", "b", "", "c", "d");
        assertThat(err).containsExactly("10%", "20%");
    }

    @Test
    void aFailingExitCarriesTheCodeTheCommandAndTheEndOfStderr() {
        Subprocess failing = Subprocess.of("sh", "-c", "echo working; echo 'disk full' >&2; exit 3");

        assertThatThrownBy(failing::run)
                .isInstanceOfSatisfying(SubprocessException.NonZeroExit.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(3);
                    assertThat(e.stderrTail()).isEqualTo("disk full\n");
                    assertThat(e.command()).isEqualTo("sh -c 'echo working; echo '\\''disk full'\\'' >&2; exit 3'");
                    assertThat(classifier.classify(e)).isEqualTo(ErrorCategory.TRANSIENT);
                })
                .hasMessageContaining("exited with code 3; stderr:\ndisk full");
    }

    @Test
    void exitCodesDeclaredPermanentDiscardAndOthersCanMeanSuccess() throws InterruptedException {
        assertThatThrownBy(() -> Subprocess.of("sh", "-c", "exit 3").permanentExitCodes(2, 3).run())
                .isInstanceOfSatisfying(SubprocessException.NonZeroExit.class,
                        e -> assertThat(classifier.classify(e)).isEqualTo(ErrorCategory.PERMANENT))
                .hasMessageContaining("exited with code 3 (declared permanent)");

        assertThat(Subprocess.of("grep", "needle").stdin("hay".getBytes(StandardCharsets.UTF_8))
                .successExitCodes(0, 1).run().exitCode()).isEqualTo(1);
    }

    @Test
    void aProgramKilledByASignalSaysWhich() {
        assertThatThrownBy(() -> Subprocess.of("sh", "-c", "echo dying >&2; kill -9 $$").run())
                .isInstanceOfSatisfying(SubprocessException.KilledBySignal.class, e -> {
                    assertThat(e.signal()).isEqualTo(9);
                    assertThat(classifier.classify(e)).isEqualTo(ErrorCategory.TRANSIENT);
                })
                .hasMessageContaining("was killed by signal 9 (SIGKILL")
                .hasMessageContaining("dying");
    }

    @Test
    void aMissingProgramNamesItselfAndThePath() {
        assertThatThrownBy(() -> Subprocess.of("stevedore-no-such-program", "--version").run())
                .isInstanceOfSatisfying(SubprocessException.NotStarted.class,
                        e -> assertThat(classifier.classify(e)).isEqualTo(ErrorCategory.CODE))
                .hasMessage("could not start `stevedore-no-such-program --version`: program \"stevedore-no-such-program\" "
                        + "was not found on PATH=" + System.getenv("PATH"));
        assertThatThrownBy(() -> Subprocess.of("/nonexistent/bin/tool").run())
                .hasMessageEndingWith("program file /nonexistent/bin/tool does not exist");
    }

    @Test
    void aProgramThatIsNotExecutableOrABadDirectoryCannotStart(@TempDir Path dir) throws IOException {
        Path script = Files.writeString(dir.resolve("script.sh"), "#!/bin/sh\necho hi\n");

        assertThatThrownBy(() -> Subprocess.of(script.toString()).run())
                .isInstanceOf(SubprocessException.NotStarted.class)
                .hasMessageEndingWith("program " + script + " is not executable (permission denied)");
        assertThatThrownBy(() -> Subprocess.of("true").directory(dir.resolve("missing")).run())
                .isInstanceOf(SubprocessException.NotStarted.class)
                .hasMessageEndingWith("working directory " + dir.resolve("missing") + " does not exist or is not a directory");
    }

    @Test
    void requiredOutputThatIsEmptyOrBlankFails() throws InterruptedException {
        assertThat(Subprocess.of("true").run().stdout()).isEmpty();
        for (String script : List.of("true", "printf ' \\n\\t'")) {
            assertThatThrownBy(() -> Subprocess.of("sh", "-c", script).requireOutput().run())
                    .isInstanceOfSatisfying(SubprocessException.NoOutput.class,
                            e -> assertThat(classifier.classify(e)).isEqualTo(ErrorCategory.PERMANENT))
                    .hasMessageContaining("exited successfully but wrote nothing on stdout");
        }
        assertThat(Subprocess.of("echo", "x").requireOutput().run().stdoutText()).isEqualTo("x\n");
    }

    @Test
    void stdoutParsesAsJsonIgnoringUnknownFields() throws InterruptedException {
        Subprocess.Result result = Subprocess.of("echo", "{\"name\": \"clip.mp4\", \"size\": 3, \"codec\": \"h264\"}").run();

        assertThat(result.stdoutJson(Probe.class)).isEqualTo(new Probe("clip.mp4", 3));
    }

    @Test
    void unparsableStdoutSaysWhatAndShowsHowItBegins() throws InterruptedException {
        Subprocess.Result traceback = Subprocess.of("echo", "Traceback (most recent call last): {").run();
        assertThatThrownBy(() -> traceback.stdoutJson(Probe.class))
                .isInstanceOfSatisfying(SubprocessException.UnparsableOutput.class,
                        e -> assertThat(classifier.classify(e)).isEqualTo(ErrorCategory.CODE))
                .hasMessageStartingWith("stdout of `echo 'Traceback (most recent call last): {'` is not valid JSON for "
                        + Probe.class.getName())
                .hasMessageContaining("(line 1, column 11)")
                .hasMessageContaining("it begins: \"Traceback (most recent call last): {\\u000a\"");

        Subprocess.Result trailing = Subprocess.of("echo", "{\"name\": \"a\", \"size\": 1} warning: deprecated").run();
        assertThatThrownBy(() -> trailing.stdoutJson(Probe.class)).isInstanceOf(SubprocessException.UnparsableOutput.class);

        assertThatThrownBy(() -> Subprocess.of("true").run().stdoutJson(Probe.class))
                .hasMessageContaining("is empty: nothing to parse as JSON");
        assertThatThrownBy(() -> Subprocess.of("echo", "{\"name\": \"a\", \"size\": 1}").maxStdout(5).run().stdoutJson(Probe.class))
                .hasMessageContaining("it was cut at 5 of 25 bytes (raise maxStdout)");
    }

    @Test
    void secretsAndTheEnvironmentNeverAppearInMessages() {
        Subprocess withSecrets = Subprocess.of("sh", "-c", "exit 2", "sh").secretArg("hunter2").env("API_KEY", "s3cret-value");

        assertThat(withSecrets).hasToString("sh -c 'exit 2' sh '***'");
        assertThatThrownBy(withSecrets::run)
                .hasMessageContaining("`sh -c 'exit 2' sh '***'` exited with code 2")
                .satisfies(e -> assertThat(e.toString()).doesNotContain("hunter2").doesNotContain("s3cret-value")
                        .doesNotContain("API_KEY"));
    }

    @Test
    void aTimeoutOfCenturiesMeansNoDeadline() throws InterruptedException {
        assertThat(Subprocess.of("true").timeout(Duration.ofDays(365L * 1000)).run().exitCode()).isZero();
    }

    @Test
    void settersRejectBadValuesAtOnce() {
        assertThatThrownBy(() -> Subprocess.of("x").timeout(Duration.ZERO)).hasMessage("timeout must be > 0, was PT0S");
        assertThatThrownBy(() -> Subprocess.of("x").killGrace(Duration.ofSeconds(-1))).hasMessage("killGrace must be > 0, was PT-1S");
        assertThatThrownBy(() -> Subprocess.of("x").maxStdout(-1)).hasMessage("maxStdout must be in [0, 1073741824], was -1");
        assertThatThrownBy(() -> Subprocess.of(" ")).hasMessage("program must not be blank");
        assertThatThrownBy(() -> Subprocess.of(List.of())).hasMessage("command must name a program, was an empty list");
        assertThatThrownBy(() -> Subprocess.of("x", "a\0b")).hasMessageContaining("must not contain NUL");
        assertThatThrownBy(() -> Subprocess.of("x").env("A=B", "c")).hasMessageContaining("without '=' or NUL, was \"A=B\"");
        assertThatThrownBy(() -> Subprocess.of("x").successExitCodes()).hasMessage("successExitCodes needs at least one code");
    }
}
