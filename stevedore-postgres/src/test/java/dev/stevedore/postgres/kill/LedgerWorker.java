package dev.stevedore.postgres.kill;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.stevedore.JobKind;
import dev.stevedore.Stevedore;
import dev.stevedore.postgres.PostgresStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A worker process for {@link KillNineTest} and {@link PoisonPillTest}: runs {@link Work} jobs that each
 * write one ledger row (job id, attempt, node) before returning, so the test can tell every execution
 * apart, and {@link Poison} jobs that write theirs and then halt the JVM, as a job that runs it out of
 * memory would. Quarantined jobs raise the {@code poison-pills} alert.
 *
 * <p>Arguments: JDBC URL, schema, node id, and optionally the rescue window in seconds (default 3).
 */
public final class LedgerWorker {
    @JobKind("kill.work")
    public record Work(int n) {}

    @JobKind("kill.poison")
    public record Poison(String why) {}

    /** How long a poison job runs before it halts its JVM: its batch-mates finish and are written first. */
    private static final Duration POISON_RUNS = Duration.ofMillis(300);

    private LedgerWorker() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String schema = args[1];
        String nodeId = args[2];
        Duration rescueAfter = Duration.ofSeconds(args.length > 3 ? Long.parseLong(args[3]) : 3);
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(url);
        pool.setMaximumPoolSize(12);
        // As the store's own pool: HikariCP retries opening connections with a backoff of up to half this,
        // so it bounds how long the worker takes to be heard again after the database comes back.
        pool.setConnectionTimeout(5_000);
        HikariDataSource dataSource = new HikariDataSource(pool);
        String insert = "INSERT INTO " + schema + ".ledger (job_id, attempt, node) VALUES (?, ?, ?)";
        Stevedore node = Stevedore.builder()
                .store(PostgresStore.builder().dataSource(dataSource).schema(schema).build())
                .nodeId(nodeId)
                .heartbeat(Duration.ofMillis(500), rescueAfter)
                .pollInterval(Duration.ofMillis(200))
                .stageInterval(Duration.ofMillis(200))
                .queue("default", q -> q.concurrency(4))
                .alertInterval(Duration.ofMillis(500))
                .alert("poison-pills", a -> a.jobQuarantined())
                .handle(Poison.class, (ctx, poison) -> {
                    write(dataSource, insert, ctx.jobId(), ctx.attempt(), nodeId);
                    Thread.sleep(POISON_RUNS);
                    Runtime.getRuntime().halt(1);
                })
                .handle(Work.class, (ctx, work) -> {
                    // Long enough that the drain outlasts MIN_KILLS kill-and-restart cycles even when a
                    // worker JVM takes 1.5 s to start (5-15 ms made 7 kills where 8 are needed, twice).
                    Thread.sleep(ThreadLocalRandom.current().nextInt(10, 30));
                    write(dataSource, insert, ctx.jobId(), ctx.attempt(), nodeId);
                })
                .build();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            dataSource.close();
            stop.countDown();
        }));
        node.start();
        System.out.println("ready " + nodeId);
        System.out.flush();
        stop.await();
    }

    private static void write(HikariDataSource dataSource, String insert, long jobId, int attempt, String nodeId)
            throws java.sql.SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(insert)) {
            ps.setLong(1, jobId);
            ps.setInt(2, attempt);
            ps.setString(3, nodeId);
            ps.executeUpdate();
        }
    }
}
