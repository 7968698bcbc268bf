package dev.stevedore.postgres.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.Stevedore;
import dev.stevedore.postgres.PgTestDatabase;
import dev.stevedore.postgres.PostgresStore;
import dev.stevedore.postgres.kill.LedgerWorker;
import dev.stevedore.spi.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two worker JVMs drain jobs through a relay that the test cuts for 30 seconds — the database gone away
 * for every node at once, three times longer than the workers' rescue window. Afterwards: every job
 * completed exactly once (no node rescued another's still-running job because the other's heartbeats
 * stopped while nobody could write), the workers resumed by themselves, each logged the outage a
 * bounded number of times, and an enqueue during the outage failed promptly with a clear exception.
 */
class DatabaseOutageTest {
    private static final int JOBS = 3_000;
    /** The jobs plus the one a client enqueues just before the cut. */
    private static final int ALL = JOBS + 1;
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    /**
     * The workers' rescue window: a third of the outage, and longer than their pools need to reconnect
     * (HikariCP backs off up to half its 5 s connection time-out between attempts to open a connection).
     */
    private static final Duration RESCUE_AFTER = Duration.ofSeconds(10);
    private static final Duration DRAIN_DEADLINE = Duration.ofMinutes(3);
    /** Warnings and errors one worker may log for one outage: about one per background service. */
    private static final int MAX_LOG_LINES_PER_WORKER = 40;

    private final String schema = "outage_" + Long.toHexString(new Random().nextLong() & 0xffffffffL);
    private final List<Worker> workers = new ArrayList<>();
    private FaultProxy proxy;

    private record Worker(String nodeId, Process process, Path logFile, java.util.concurrent.atomic.AtomicInteger logAtCut) {
        /** The worker's output so far (it logs through slf4j-simple to standard error, merged here). */
        List<String> log() {
            try {
                return Files.readAllLines(logFile);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        try (PostgresStore store = PostgresStore.builder().dataSource(PgTestDatabase.dataSource()).schema(schema).build()) {
            store.migrateUp();
        }
        PgTestDatabase.execute("CREATE TABLE " + schema + ".ledger (job_id bigint NOT NULL, attempt int NOT NULL, node text NOT NULL)");
        proxy = FaultProxy.inFrontOfTestDatabase();
    }

    @AfterEach
    void tearDown() throws SQLException {
        workers.forEach(w -> w.process().destroyForcibly());
        if (proxy != null) {
            proxy.close();
        }
        PgTestDatabase.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    @Test
    void workersRideOutAThirtySecondOutageWithoutLosingOrRepeatingAJob() throws Exception {
        try (Stevedore client = Stevedore.builder()
                .store(PostgresStore.builder().dataSource(PgTestDatabase.dataSource()).schema(schema).build()).build()) {
            client.enqueueMany(IntStream.range(0, JOBS).mapToObj(LedgerWorker.Work::new).toList(), o -> {});
        }
        String relayed = proxy.relayed(PgTestDatabase.url());
        workers.add(startWorker("outage-a", relayed));
        workers.add(startWorker("outage-b", relayed));
        awaitCompleted(JOBS / 5, Duration.ofMinutes(1));

        int logBefore = logLines();
        Duration enqueueFailedAfter;
        long cutAt;
        long completedAtCut;
        try (PostgresStore relayedStore = PostgresStore.builder().jdbcUrl(relayed).schema(schema).build();
             Stevedore client = Stevedore.builder().store(relayedStore).build()) {
            client.enqueue(new LedgerWorker.Work(JOBS)); // the client's pool holds a connection when the cut comes
            workers.forEach(w -> w.logAtCut().set(w.log().size()));
            proxy.cut();
            cutAt = System.nanoTime();
            completedAtCut = count("state = 'completed'");
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.enqueue(new LedgerWorker.Work(-1)))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("the database is unreachable");
            enqueueFailedAfter = Duration.ofNanos(System.nanoTime() - start);
        }
        Thread.sleep(Math.max(0, OUTAGE.toMillis() - Duration.ofNanos(System.nanoTime() - cutAt).toMillis()));
        long completedDuringOutage = count("state = 'completed'") - completedAtCut;
        proxy.restore();
        long restoredAt = System.nanoTime();
        System.out.println("restored at " + java.time.LocalTime.now());
        long firstAfter = awaitCompleted(count("state = 'completed'") + 1, Duration.ofMinutes(1));
        Duration resumedAfter = Duration.ofNanos(firstAfter - restoredAt);
        awaitCompleted(ALL, DRAIN_DEADLINE);
        int outageLogLines = logLines() - logBefore;

        long reExecuted = PgTestDatabase.scalar("SELECT count(*) - count(DISTINCT job_id) FROM " + schema + ".ledger");
        // A handler whose ledger insert committed but whose connection was cut before the answer saw an
        // error, so its attempt failed and the job ran again: at-least-once, as documented. What must not
        // happen is a second execution of one attempt, or of a job whose first attempt did not fail.
        long executionsTwicePerAttempt = PgTestDatabase.scalar("""
                SELECT count(*) FROM (SELECT job_id, attempt FROM %s.ledger GROUP BY 1, 2 HAVING count(*) > 1) x"""
                .formatted(schema));
        long reExecutedWithoutFailure = PgTestDatabase.scalar("""
                SELECT count(*) FROM %1$s.jobs j WHERE j.attempt = 1
                 AND (SELECT count(*) FROM %1$s.ledger l WHERE l.job_id = j.id) > 1""".formatted(schema));
        long rescued = PgTestDatabase.scalar("SELECT count(*) FROM " + schema + ".jobs WHERE errors::text LIKE '%stopped heartbeating%'");
        // A claim that committed while its answer was lost leaves jobs running under a live node that
        // never heard of them; the node hands them back after its rescue window.
        long handedBackUnheld = PgTestDatabase.scalar("SELECT count(*) FROM " + schema + ".jobs WHERE errors::text LIKE '%does not hold%'");
        long completedWithoutLedger = PgTestDatabase.scalar("""
                SELECT count(*) FROM %1$s.jobs j WHERE j.state = 'completed' AND NOT EXISTS
                 (SELECT 1 FROM %1$s.ledger l WHERE l.job_id = j.id AND l.attempt = j.attempt)""".formatted(schema));
        long failedAttempts = PgTestDatabase.scalar("SELECT coalesce(sum(attempt - 1), 0) FROM " + schema + ".jobs");
        System.out.printf("outage test: %d jobs, outage %d s, %d completed at the cut, %d during it, enqueue failed after"
                        + " %d ms, first completion %d ms after restore, %d attempts lost to the outage, %d re-executions after"
                        + " failed attempts, %d jobs rescued from silent nodes, %d unheld jobs handed back,"
                        + " %d warning/error lines from %d workers%n",
                JOBS, OUTAGE.toSeconds(), completedAtCut, completedDuringOutage, enqueueFailedAfter.toMillis(),
                resumedAfter.toMillis(), failedAttempts, reExecuted, rescued, handedBackUnheld, outageLogLines, workers.size());
        workers.forEach(w -> w.log().stream().skip(w.logAtCut().get()).filter(l -> !l.contains("com.zaxxer.hikari"))
                .forEach(l -> System.out.println("  " + w.nodeId() + ": " + l)));

        assertThat(count("true")).as("jobs in the table (the failed enqueue added none)").isEqualTo(ALL);
        assertThat(count("state <> 'completed'")).as("jobs not completed").isZero();
        assertThat(completedDuringOutage).as("completions written while nothing could reach the database").isZero();
        assertThat(rescued).as("jobs rescued from nodes that were alive all along").isZero();
        assertThat(executionsTwicePerAttempt).as("an attempt executed twice").isZero();
        assertThat(reExecutedWithoutFailure).as("jobs executed again although no attempt failed").isZero();
        assertThat(completedWithoutLedger).as("completed jobs whose completing attempt never ran").isZero();
        assertThat(enqueueFailedAfter).as("time an enqueue took to fail").isLessThan(Duration.ofSeconds(15));
        assertThat(outageLogLines).as("warning/error lines logged for the outage")
                .isLessThanOrEqualTo(MAX_LOG_LINES_PER_WORKER * workers.size());
        assertThat(workers).allSatisfy(w -> assertThat(w.process().isAlive()).as(w.nodeId() + " alive").isTrue());
    }

    private static boolean isWarning(String line) {
        return line.contains(" WARN ") || line.contains(" ERROR ");
    }

    private int logLines() {
        return workers.stream().mapToInt(w -> (int) w.log().stream().filter(DatabaseOutageTest::isWarning).count()).sum();
    }

    /** Waits until at least {@code completed} jobs are completed; returns when it saw that (nanoTime). */
    private long awaitCompleted(long completed, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count("state = 'completed'") < completed) {
            if (System.nanoTime() > deadline) {
                workers.forEach(w -> w.log().stream().filter(DatabaseOutageTest::isWarning)
                        .forEach(l -> System.out.println("  " + w.nodeId() + ": " + l)));
                for (Worker w : workers) {
                    String jcmd = ProcessHandle.current().info().command().orElse("java").replaceFirst("java$", "jcmd");
                    Process dump = new ProcessBuilder(jcmd, Long.toString(w.process().pid()), "Thread.print")
                            .redirectErrorStream(true).start();
                    System.out.println("threads of " + w.nodeId() + ":\n"
                            + new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                }
                throw new AssertionError("only " + count("state = 'completed'") + " of " + completed
                        + " jobs completed within " + timeout + "; the others: " + unfinished());
            }
            Thread.sleep(50);
        }
        return System.nanoTime();
    }

    private Worker startWorker(String nodeId, String url) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path logFile = Path.of("target", schema + "-" + nodeId + ".log");
        Process process = new ProcessBuilder(java, "-Xmx256m", "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS", "-cp", System.getProperty("java.class.path"),
                LedgerWorker.class.getName(), url, schema, nodeId, Long.toString(RESCUE_AFTER.toSeconds()))
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (Files.readAllLines(logFile).stream().noneMatch(l -> l.startsWith("ready "))) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("worker " + nodeId + " did not get ready; its output is in " + logFile);
            }
            Thread.sleep(50);
        }
        return new Worker(nodeId, process, logFile, new java.util.concurrent.atomic.AtomicInteger());
    }

    private String unfinished() throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = DriverManager.getConnection(PgTestDatabase.url()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, state, attempt, scheduled_at, attempted_by, errors, (SELECT count(*) FROM "
                     + schema + ".ledger l WHERE l.job_id = j.id) FROM " + schema
                     + ".jobs j WHERE state <> 'completed' ORDER BY id LIMIT 5")) {
            while (rs.next()) {
                out.append("\n    job ").append(rs.getLong(1)).append(' ').append(rs.getString(2)).append(" attempt ")
                        .append(rs.getInt(3)).append(" due ").append(rs.getString(4)).append(" by ").append(rs.getString(5))
                        .append(" errors ").append(rs.getString(6)).append(" ledger rows ").append(rs.getLong(7));
            }
        }
        return out.toString();
    }

    private long count(String where) throws SQLException {
        return PgTestDatabase.scalar("SELECT count(*) FROM " + schema + ".jobs WHERE " + where);
    }
}
