package dev.stevedore.postgres.kill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.Stevedore;
import dev.stevedore.postgres.PostgresStore;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A poison pill among ordinary jobs, on three worker JVMs on one PostgreSQL: the poison job halts the
 * JVM that runs it ({@code Runtime.halt(1)}, as an out-of-memory kill would end it). The test plays the
 * supervisor: it restarts every worker that dies, under the same node id. The poison job is quarantined
 * after exactly three crashes (the default limit) and raises its alert; no other job is lost or held,
 * and once it is quarantined no worker dies again.
 */
class PoisonPillTest {
    private static final int JOBS_BEFORE = 200;
    private static final int JOBS_AFTER = 600;
    private static final int WORKERS = 3;
    private static final int CRASH_LIMIT = 3;
    /**
     * A bound for a failing run, not the expected time: with the load average at 40 on two cores, worker
     * JVMs took 10 s and more to start and 1,500 jobs did not drain within 100 s.
     */
    private static final Duration DEADLINE = Duration.ofMinutes(3);

    private LedgerSchema schema;
    private final List<LedgerJvm> workers = new ArrayList<>();

    @BeforeEach
    void createSchema() throws SQLException {
        schema = LedgerSchema.create("poison_");
    }

    @AfterEach
    void cleanUp() throws SQLException {
        workers.forEach(w -> w.process().destroyForcibly());
        schema.drop();
    }

    @Test
    void aJobThatHaltsItsWorkerIsQuarantinedAfterThreeCrashesAndEveryOtherJobCompletes() throws Exception {
        long poison;
        try (Stevedore client = schema.client()) {
            client.enqueueMany(IntStream.range(0, JOBS_BEFORE).mapToObj(LedgerWorker.Work::new).toList(), o -> {});
            // The worst case: a high priority puts it first in line again after each rescue (a rescued job is
            // due at the rescue, behind the backlog). Two ordinary attempts: were crashes to use them up,
            // the second would discard it unquarantined.
            poison = client.enqueue(new LedgerWorker.Poison("halts its JVM"), o -> o.priority(10).maxAttempts(2)).id();
            client.enqueueMany(IntStream.range(JOBS_BEFORE, JOBS_BEFORE + JOBS_AFTER).mapToObj(LedgerWorker.Work::new)
                    .toList(), o -> {});
        }
        for (int i = 1; i <= WORKERS; i++) {
            workers.add(LedgerJvm.launch(schema.name(), "w" + i, "2"));
        }
        CompletableFuture.anyOf(workers.stream().map(LedgerJvm::ready).toArray(CompletableFuture[]::new)).join();
        long started = System.nanoTime();

        List<Integer> exitCodes = new ArrayList<>();
        long deadline = started + DEADLINE.toNanos();
        long quarantinedAfter = -1;
        while (System.nanoTime() < deadline && !(quarantinedAfter >= 0 && settled(poison))) {
            superviseOnce(exitCodes);
            if (quarantinedAfter < 0 && quarantined(poison)) {
                quarantinedAfter = System.nanoTime() - started;
            }
            Thread.sleep(100);
        }
        superviseOnce(exitCodes);
        long settledAfter = System.nanoTime() - started;
        workers.forEach(w -> w.ready().join());

        long workLeft = count("kind = 'kill.work' AND state <> 'completed'");
        long reExecuted = schema.scalar("SELECT count(*) - count(DISTINCT job_id) FROM %s.ledger WHERE job_id <> " + poison);
        long poisonRuns = schema.scalar("SELECT count(*) FROM %s.ledger WHERE job_id = " + poison);
        System.out.printf("poison pill test: %d jobs + 1 poison on %d workers, %d worker crashes, quarantined after "
                        + "%.1f s, all done after %.1f s, %d poison runs, %d re-executions of other jobs after crashes, "
                        + "%d other jobs not completed, %d quarantined%n", JOBS_BEFORE + JOBS_AFTER, WORKERS,
                exitCodes.size(), quarantinedAfter / 1e9, settledAfter / 1e9, poisonRuns, reExecuted, workLeft,
                count("quarantined_at IS NOT NULL"));

        assertThat(quarantinedAfter).as("the poison job was quarantined within " + DEADLINE).isNotNegative();
        assertThat(exitCodes).as("workers that died: one per crash, by the poison's halt(1)")
                .hasSize(CRASH_LIMIT).containsOnly(1);
        assertThat(poisonRuns).as("executions of the poison job").isEqualTo(CRASH_LIMIT);
        Job held = job(poison);
        assertThat(held.state()).isEqualTo(JobState.HELD);
        assertThat(held.quarantined()).isTrue();
        assertThat(held.attempt()).isEqualTo(CRASH_LIMIT);
        assertThat(held.maxAttempts()).as("its crashes gave back the attempts they used").isEqualTo(2 + CRASH_LIMIT);
        assertThat(held.errors()).hasSize(CRASH_LIMIT).allSatisfy(e -> assertThat(e.errorClass()).isEqualTo("dev.stevedore.NodeLost"));
        assertThat(count("kind = 'kill.work'")).isEqualTo(JOBS_BEFORE + JOBS_AFTER);
        assertThat(workLeft).as("other jobs lost or not completed").isZero();
        assertThat(count("quarantined_at IS NOT NULL")).as("jobs quarantined").isOne();
        assertThat(schema.scalar("SELECT count(*) FROM (SELECT job_id, attempt FROM %s.ledger GROUP BY 1, 2"
                + " HAVING count(*) > 1) x")).as("an attempt executed twice (fencing broken)").isZero();
        assertThat(schema.scalar("SELECT count(*) FROM %s.alerts WHERE rule = 'poison-pills' AND subject = '" + poison
                + "' AND resolved_at IS NULL")).as("the poison-pills alert").isOne();
        assertThat(workers).as("no worker died after the quarantine").allMatch(w -> w.process().isAlive());
    }

    /**
     * Restarts, under its own node id and without waiting for it, every worker that died, as a supervisor
     * would; records how each ended.
     */
    private void superviseOnce(List<Integer> exitCodes) throws Exception {
        for (int i = 0; i < workers.size(); i++) {
            LedgerJvm worker = workers.get(i);
            if (!worker.process().isAlive()) {
                exitCodes.add(worker.process().waitFor());
                workers.set(i, LedgerJvm.launch(schema.name(), worker.nodeId(), "2"));
            }
        }
    }

    private boolean quarantined(long poison) throws SQLException {
        return count("id = " + poison + " AND state = 'held' AND quarantined_at IS NOT NULL") == 1;
    }

    /** Every other job completed and the alert fired. */
    private boolean settled(long poison) throws SQLException {
        return count("kind = 'kill.work' AND state <> 'completed'") == 0
                && schema.scalar("SELECT count(*) FROM %s.alerts WHERE rule = 'poison-pills' AND subject = '" + poison + "'") > 0;
    }

    private Job job(long id) {
        try (PostgresStore store = schema.store()) {
            return store.jobGet(id).orElseThrow();
        }
    }

    private long count(String where) throws SQLException {
        return schema.jobs(where);
    }
}
