package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad command lines end with exit code 2 and one clear message, never a stack trace. */
class UsageErrorsTest {
    @TempDir
    Path dir;

    private static void assertUsageError(CliRun run, String... fragments) {
        assertThat(run.code()).as(run.toString()).isEqualTo(Main.USAGE);
        assertThat(run.err()).as(run.toString()).contains(fragments).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @ParameterizedTest
    @ValueSource(strings = {"migrate", "worker", "enqueue", "status", "demo", "bench"})
    void everyCommandHasHelp(String command) {
        CliRun run = CliRun.of(command, "--help");
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("Usage: stevedore " + command).contains("--help");
    }

    @Test
    void noCommandPrintsUsageAndExits2() {
        assertUsageError(CliRun.of(), "missing command", "Commands:");
    }

    @Test
    void unknownCommandSuggestsTheClosest() {
        assertUsageError(CliRun.of("enqeue"), "Unmatched argument", "stevedore enqueue");
    }

    @Test
    void unknownOption() {
        assertUsageError(CliRun.of("status", "--database", "x.db", "--colour"), "Unknown option: '--colour'");
    }

    @Test
    void missingDatabase() {
        assertUsageError(CliRun.of("status"), "missing --database URL");
    }

    @Test
    void unsupportedDatabaseUrl() {
        assertUsageError(CliRun.of("status", "--database", "mysql://h/db"), "unsupported database URL \"mysql://h/db\"",
                "sqlite:PATH");
    }

    @Test
    void enqueueChecksKindQueueAndJsonBeforeTouchingTheDatabase() {
        String db = dir.resolve("never-created.db").toString();
        assertUsageError(CliRun.of("enqueue", "-d", db, "--kind", "email send", "--args", "{}"), "--kind must be 1-128");
        assertUsageError(CliRun.of("enqueue", "-d", db, "--kind", "k".repeat(129), "--args", "{}"), "--kind must be 1-128");
        assertUsageError(CliRun.of("enqueue", "-d", db, "--kind", "k", "--args", "{}", "--queue", "q".repeat(65)),
                "--queue must be 1-64");
        assertUsageError(CliRun.of("enqueue", "-d", db, "--kind", "k", "--args", "{\"a\":"), "--args is not valid JSON");
        assertUsageError(CliRun.of("enqueue", "-d", db, "--kind", "k", "--args", "{} {}"), "--args is not valid JSON");
        assertUsageError(CliRun.of("enqueue", "-d", db, "--kind", "k", "--args", "[1,2]"), "--args must be a JSON object");
        assertUsageError(CliRun.of("enqueue", "-d", db, "--kind", "k", "--args", "{\"a\":\"x\\u0000y\"}"), "NUL");
        assertUsageError(CliRun.of("enqueue", "-d", db, "--kind", "k", "--args", "{}", "--priority", "101"), "--priority");
        assertUsageError(CliRun.of("enqueue", "-d", db, "--kind", "k", "--args", "{}", "--max-attempts", "0"), "--max-attempts");
        assertUsageError(CliRun.of("enqueue", "-d", db, "--kind", "k", "--args", "{}", "--delay", "soon"), "is not a duration");
        assertUsageError(CliRun.of("enqueue", "-d", db, "--kind", "k", "--args", "{}", "--start-within", "0s"),
                "--start-within must be > 0");
        assertUsageError(CliRun.of("enqueue", "-d", db, "--kind", "k", "--args", "{}", "--heartbeat-timeout", "4000d"),
                "--heartbeat-timeout must be > 0 and at most 3650 days");
        assertUsageError(CliRun.of("enqueue", "-d", db, "--kind", "k", "--args", "{}", "--delay", "1h", "--deadline", "30m"),
                "could never run");
        assertUsageError(CliRun.of("enqueue", "-d", db, "--args", "{}"), "Missing required option: '--kind=KIND'");
        assertThat(dir.resolve("never-created.db")).doesNotExist();
    }

    @Test
    void migrateRefusesUnknownActionsAndToWithUp() {
        assertUsageError(CliRun.of("migrate", "sideways", "-d", "x.db"), "expected one of [up, down, status]");
        assertUsageError(CliRun.of("migrate", "up", "--to", "1", "-d", dir.resolve("m.db").toString()), "--to applies to 'migrate down' only");
    }

    @Test
    void workerRefusesMissingClasspathEntriesAndBadQueues() {
        String db = dir.resolve("w.db").toString();
        assertUsageError(CliRun.of("worker", "-d", db, "--classpath", dir.resolve("missing.jar").toString()), "does not exist");
        assertUsageError(CliRun.of("worker", "-d", db, "--classpath", dir.toString(), "--queue", "mail=0"),
                "concurrency must be in [1, 10000]");
        assertUsageError(CliRun.of("worker", "-d", db, "--classpath", dir.toString(), "--queue", "bad name"),
                "expected NAME or NAME=CONCURRENCY");
        assertUsageError(CliRun.of("worker", "-d", db), "Missing required option: '--classpath");
    }

    @Test
    void aClasspathWithoutModulesSaysHowToDeclareOne() throws Exception {
        // The test class path holds a module of its own, so look through a loader that cannot see it.
        try (URLClassLoader loader = new URLClassLoader(WorkerClasspath.urls(dir.toString()).toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> WorkerClasspath.modules(loader, dir.toString()))
                    .isInstanceOf(UsageException.class)
                    .hasMessageContaining("no WorkerModule found on " + dir)
                    .hasMessageContaining("META-INF/services/dev.stevedore.cli.WorkerModule");
        }
    }

    @Test
    void benchAndDemoCheckTheirNumbers() {
        assertUsageError(CliRun.of("bench", "--jobs", "0"), "drain jobs must be in");
        assertUsageError(CliRun.of("demo", "--seconds", "0", "--file", dir.resolve("d.db").toString()), "--seconds must be in");
    }
}
