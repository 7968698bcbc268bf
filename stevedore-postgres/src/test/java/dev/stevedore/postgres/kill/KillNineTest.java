package dev.stevedore.postgres.kill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.Stevedore;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three worker JVMs drain 20,000 jobs from one PostgreSQL while the test kills them with {@code kill -9}
 * at random and restarts them. Afterwards, checked against the ledger the handlers write: every job
 * completed, none lost, none completed twice, and every extra execution belongs to a killed node.
 */
class KillNineTest {
    private static final int JOBS = 20_000;
    private static final int WORKERS = 3;
    private static final int MIN_KILLS = 8;
    private static final Duration DEADLINE = Duration.ofMinutes(4);

    private LedgerSchema schema;
    private final List<LedgerJvm> workers = new ArrayList<>();
    private final Set<String> killedNodes = new HashSet<>();
    private final Random random = new Random();
    private int started;

    @BeforeEach
    void createSchema() throws SQLException {
        schema = LedgerSchema.create("kill_");
    }

    @AfterEach
    void cleanUp() throws SQLException {
        workers.forEach(w -> w.process().destroyForcibly());
        schema.drop();
    }

    @Test
    void killedWorkersLoseNoJobAndCompleteNoneTwice() throws Exception {
        try (Stevedore client = schema.client()) {
            client.enqueueMany(IntStream.range(0, JOBS).mapToObj(LedgerWorker.Work::new).toList(), o -> {});
        }
        for (int i = 0; i < WORKERS; i++) {
            workers.add(startWorker());
        }
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        int kills = 0;
        while (count("state <> 'completed'") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(300 + random.nextInt(700));
            if (count("state = 'completed'") < JOBS * 0.95) {
                int victim = random.nextInt(workers.size());
                kill9(workers.get(victim));
                kills++;
                workers.set(victim, startWorker());
            }
        }
        long notCompleted = count("state <> 'completed'");
        long duplicatesOnLiveNodes = schema.scalar("""
                SELECT count(*) FROM (SELECT l.job_id FROM %s.ledger l JOIN %s.jobs j ON j.id = l.job_id
                 WHERE l.attempt <> j.attempt AND l.node NOT IN (""" + quotedKilled() + ")) x");
        long finalAttemptsWithoutLedger = schema.scalar("""
                SELECT count(*) FROM %s.jobs j WHERE NOT EXISTS
                 (SELECT 1 FROM %s.ledger l WHERE l.job_id = j.id AND l.attempt = j.attempt)""");
        long executionsTwicePerAttempt = schema.scalar(
                "SELECT count(*) FROM (SELECT job_id, attempt FROM %s.ledger GROUP BY 1, 2 HAVING count(*) > 1) x");
        long reExecuted = schema.scalar("SELECT count(*) - count(DISTINCT job_id) FROM %s.ledger");
        System.out.printf("kill -9 test: %d jobs, %d kills, %d re-executions after kills, %d not completed%n",
                JOBS, kills, reExecuted, notCompleted);

        assertThat(kills).as("kills performed").isGreaterThanOrEqualTo(MIN_KILLS);
        assertThat(count("true")).as("jobs in the table").isEqualTo(JOBS);
        assertThat(notCompleted).as("jobs not completed").isZero();
        assertThat(finalAttemptsWithoutLedger).as("completed jobs whose completing attempt never ran").isZero();
        assertThat(executionsTwicePerAttempt).as("an attempt executed twice (fencing broken)").isZero();
        assertThat(duplicatesOnLiveNodes).as("extra executions not explained by a kill").isZero();
    }

    private LedgerJvm startWorker() throws IOException {
        return LedgerJvm.start(schema.name(), "w" + (++started));
    }

    private void kill9(LedgerJvm worker) throws Exception {
        worker.kill9();
        killedNodes.add(worker.nodeId());
    }

    private String quotedKilled() {
        return killedNodes.isEmpty() ? "''" : String.join(",", killedNodes.stream().map(n -> "'" + n + "'").toList());
    }

    private long count(String where) throws SQLException {
        return schema.jobs(where);
    }
}
