package dev.stevedore.postgres.chaos;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.stevedore.JobEvent;
import dev.stevedore.Stevedore;
import dev.stevedore.postgres.PostgresStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CountDownLatch;

/**
 * A worker process of the chaos suite: one Stevedore node running {@link ChaosJobs}, its handlers writing
 * the {@link Ledger}. Prints {@code ready <node>} once started; stops on SIGTERM, or dies on SIGKILL.
 *
 * <p>Arguments: JDBC URL, schema, node id, profile name ({@code short}/{@code long}, with the same
 * system-property overrides as the suite), and how far to skew this node's clock, in seconds (0: none).
 * The skew goes through {@link dev.stevedore.StevedoreBuilder#clock}: everything the node times on the
 * JVM side reads the skewed clock, while the store keeps the database's.
 */
public final class ChaosWorker {
    /** Concurrent jobs per worker in the default queue. */
    static final int CONCURRENCY = 8;

    private ChaosWorker() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String schema = args[1];
        String nodeId = args[2];
        ChaosProfile profile = ChaosProfile.named(args[3]);
        Duration skew = Duration.ofSeconds(Long.parseLong(args[4]));
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(url);
        pool.setMaximumPoolSize(CONCURRENCY + 2);
        // As the store's own pool: bounds how long the worker takes to be heard again after a restart.
        pool.setConnectionTimeout(5_000);
        HikariDataSource ledgerPool = new HikariDataSource(pool);
        Ledger ledger = new Ledger(ledgerPool, schema, nodeId);
        Stevedore node = ChaosJobs.declare(Stevedore.builder(), profile, ledger)
                .onEvent(event -> {
                    if (event instanceof JobEvent started && started.type() == JobEvent.Type.STARTED) {
                        ledger.announced(started.job().id(), started.job().attempt());
                    }
                })
                .store(PostgresStore.builder().jdbcUrl(url).schema(schema).build())
                .nodeId(nodeId)
                .clock(InstantSource.offset(InstantSource.system(), skew))
                .heartbeat(Duration.ofMillis(500), profile.rescueAfter())
                .pollInterval(Duration.ofMillis(200))
                .stageInterval(Duration.ofMillis(200))
                .queue("default", q -> q.concurrency(CONCURRENCY))
                .build();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            ledgerPool.close();
            stop.countDown();
        }));
        node.start();
        System.out.println("ready " + nodeId);
        System.out.flush();
        stop.await();
    }
}
