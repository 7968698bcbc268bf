package dev.stevedore.bench;

import dev.stevedore.spi.jdbc.NamedQueries;
import dev.stevedore.spi.jdbc.NamedSql;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * One drain of the raw queue by plain JDBC on a number of connections in parallel, each looping: claim
 * a batch, complete that batch, until a claim returns no row. That is what a node's producer and
 * completer do, one auto-committed statement each, without the runtime around them.
 *
 * <p>The connections are opened and their statements prepared before the clock starts; it stops when
 * every connection has seen an empty claim. PostgreSQL's commit count is read around the timed section,
 * after the connections are closed (see {@link CommitCounter}).
 */
final class RawDrain {
    /**
     * Jobs per claim, and so per completion: the runtime's default claim batch, the most a node claims
     * at once ({@code RuntimeSettings.DEFAULT_CLAIM_BATCH} in stevedore-core; package-private, hence
     * repeated here, and RawBoundsTest fails when the two differ).
     */
    static final int CLAIM_BATCH = 300;

    private final String jdbcUrl;
    private final NamedQueries sql;
    private final CommitCounter commits;

    /**
     * The figures of one raw drain.
     *
     * @param connections        connections that drained in parallel
     * @param jobs               jobs drained
     * @param nanos              wall-clock time
     * @param transactionsPerJob transactions PostgreSQL committed per job meanwhile
     * @param cpu                processor time per job meanwhile, or null where unknown
     */
    record Result(int connections, long jobs, long nanos, double transactionsPerJob, BenchReport.@Nullable Cpu cpu) {
        double jobsPerSecond() {
            return jobs / (nanos / 1e9);
        }
    }

    RawDrain(String jdbcUrl, NamedQueries sql, CommitCounter commits) {
        this.jdbcUrl = jdbcUrl;
        this.sql = sql;
        this.commits = commits;
    }

    /** Drains the {@code jobs} available rows of {@code queue} on {@code connections} connections. */
    Result run(String queue, int connections, int jobs) throws SQLException, InterruptedException {
        List<Worker> workers = new ArrayList<>();
        long before;
        long drained = 0;
        long nanos;
        BenchReport.Cpu cpu;
        try {
            for (int i = 0; i < connections; i++) {
                workers.add(worker(queue, "raw-" + connections + "-" + i));
            }
            before = commits.settled();
            CountDownLatch go = new CountDownLatch(1);
            try (ExecutorService threads = Executors.newFixedThreadPool(connections)) {
                List<Future<Long>> drains = new ArrayList<>();
                for (Worker worker : workers) {
                    drains.add(threads.submit(() -> {
                        go.await();
                        return worker.drain();
                    }));
                }
                // The threads exist and wait at the gate: the clock measures only the SQL.
                CpuClock.Reading cpuAtStart = CpuClock.now();
                long start = System.nanoTime();
                go.countDown();
                for (Future<Long> drain : drains) {
                    drained += result(drain);
                }
                nanos = System.nanoTime() - start;
                cpu = CpuClock.between(cpuAtStart, CpuClock.now(), jobs);
            }
        } finally {
            closeAll(workers);
        }
        long after = commits.settled();
        long completed = completed(queue);
        if (drained != jobs || completed != jobs) {
            throw new IllegalStateException("raw drain on " + connections + " connection(s) completed " + drained
                    + " jobs and the table holds " + completed + " completed jobs in " + queue + ", expected " + jobs);
        }
        return new Result(connections, jobs, nanos, CommitCounter.perJob(before, after, jobs), cpu);
    }

    private Worker worker(String queue, String node) throws SQLException {
        Connection c = DriverManager.getConnection(jdbcUrl);
        try {
            NamedSql claimSql = sql.get("claim");
            PreparedStatement claim = c.prepareStatement(claimSql.sql());
            // Bound once: every claim of this connection asks for the same queue, batch and node.
            claimSql.bind(claim, Map.of("queue", queue, "limit", CLAIM_BATCH, "node", node));
            return new Worker(c, claim, c.prepareStatement(sql.get("complete").sql()), sql.get("complete"));
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private long completed(String queue) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
             PreparedStatement ps = sql.get("count_in_state").prepare(c, Map.of("queue", queue, "state", "completed"));
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong("n");
        }
    }

    private static long result(Future<Long> drain) throws InterruptedException, SQLException {
        try {
            return drain.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sqlException) {
                throw sqlException;
            }
            throw new IllegalStateException("a raw drain connection failed: " + e.getCause(), e.getCause());
        }
    }

    private static void closeAll(List<Worker> workers) throws SQLException {
        SQLException first = null;
        for (Worker worker : workers) {
            try {
                worker.connection().close();
            } catch (SQLException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** One connection's loop; its statements close with the connection. */
    private record Worker(Connection connection, PreparedStatement claim, PreparedStatement complete,
                          NamedSql completeSql) {
        long drain() throws SQLException {
            long done = 0;
            Long[] ids = new Long[CLAIM_BATCH];
            Integer[] attempts = new Integer[CLAIM_BATCH];
            while (true) {
                int n = 0;
                // Every row comes back whole (RETURNING j.*), as a worker needs it; id and attempt fence
                // the completion.
                try (ResultSet rs = claim.executeQuery()) {
                    while (rs.next()) {
                        ids[n] = rs.getLong("id");
                        attempts[n] = rs.getInt("attempt");
                        n++;
                    }
                }
                if (n == 0) {
                    return done;
                }
                completeSql.bind(complete, Map.of(
                        "ids", connection.createArrayOf("bigint", Arrays.copyOf(ids, n)),
                        "attempts", connection.createArrayOf("integer", Arrays.copyOf(attempts, n))));
                int completed = complete.executeUpdate();
                if (completed != n) {
                    throw new IllegalStateException("claimed " + n + " jobs but completed " + completed);
                }
                done += n;
            }
        }
    }
}
