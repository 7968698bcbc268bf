package dev.stevedore.bench;

import dev.stevedore.spi.jdbc.NamedQueries;
import dev.stevedore.spi.jdbc.NamedSql;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * The database's own ceiling for the throughput phases of {@link Benchmark} ({@code stevedore bench
 * --raw}): the same work done by the plain SQL of {@code raw.sql} over plain JDBC (DriverManager and
 * pgjdbc: no pool, no Stevedore runtime) on a second fresh schema, migrated by the store exactly like
 * the first so that table, indexes and storage parameters are the same. Each method measures one
 * phase's counterpart with the same job count; the benchmark runs it right after the store's phase so
 * both see the same machine.
 */
final class RawBounds {
    /** Each raw drain runs on each of these numbers of connections, on fresh rows; the best is the bound. */
    static final List<Integer> DRAIN_CONNECTIONS = List.of(1, 2, 4);
    /** The store's jobs are {@code BenchJobs.NoOp}: the same kind, and the same JSON as its {@code n}. */
    static final String KIND = "bench.noop";
    static final String SINGLE_QUEUE = "raw-single";
    static final String DRAIN_QUEUE = "raw-drain";
    static final String WARMUP_QUEUE = "raw-warmup";
    static final String PICKUP_QUEUE = "raw-pickup";
    /** The raw pickup's claim asks for as many rows as the latency phase's idle node has slots. */
    static final int PICKUP_CLAIM_LIMIT = Benchmark.LATENCY_CONCURRENCY;
    private static final int WARMUP_SINGLE_JOBS = 10_000;
    private static final int WARMUP_DRAIN_JOBS = 100_000;
    /** COPY data goes to the server in pieces of about this many characters, as the store's COPY does. */
    private static final int COPY_PIECE_CHARS = 32 * 1024;

    private final BenchTarget.PostgresSchema target;
    private final BenchOptions options;
    private final PrintWriter progress;
    private final NamedQueries sql;
    private final RawDrain drain;

    /** Bounds measured on {@code target}, which must be a fresh schema of its own; progress to {@code progress}. */
    RawBounds(BenchTarget.PostgresSchema target, BenchOptions options, PrintWriter progress) {
        this.target = target;
        this.options = options;
        this.progress = progress;
        this.sql = NamedQueries.load(RawBounds.class, "raw.sql", target.schema());
        this.drain = new RawDrain(target.jdbcUrl(), sql, new CommitCounter(target));
    }

    /**
     * Migrates the schema through the store, then warms up the JDBC paths as the store's warm-up does: the
     * same numbers of single inserts and copied rows, then a drain of them all (untimed).
     */
    void prepare() throws SQLException, InterruptedException {
        // open() migrates up; nothing else of the store is used.
        target.open().close();
        int singles = (int) Math.min(5L * options.singleJobs(), WARMUP_SINGLE_JOBS);
        int bulk = Math.min(options.drainJobs(), WARMUP_DRAIN_JOBS);
        try (Connection c = connect(); PreparedStatement insert = c.prepareStatement(sql.get("insert").sql())) {
            insertEach(insert, WARMUP_QUEUE, singles);
            copy(c, WARMUP_QUEUE, bulk, options.bulkChunk());
        }
        drain.run(WARMUP_QUEUE, 1, singles + bulk);
    }

    /** Single enqueue's bound, in jobs/s: one INSERT per transaction, sequential, one connection. */
    double singleInsert() throws SQLException {
        int n = options.singleJobs();
        say("(a') raw single INSERT: %d rows, one auto-committed INSERT each, one connection", n);
        try (Connection c = connect(); PreparedStatement insert = c.prepareStatement(sql.get("insert").sql())) {
            long start = System.nanoTime();
            insertEach(insert, SINGLE_QUEUE, n);
            return rate(n, System.nanoTime() - start);
        }
    }

    /** Bulk enqueue's bound, in jobs/s: COPY in chunks, one transaction each. Leaves the rows for {@link #drain()}. */
    double copy() throws SQLException {
        int n = options.drainJobs();
        int chunk = options.bulkChunk();
        say("(b') raw COPY: %d rows in chunks of %d, one transaction each", n, chunk);
        try (Connection c = connect()) {
            long start = System.nanoTime();
            copy(c, DRAIN_QUEUE, n, chunk);
            return rate(n, System.nanoTime() - start);
        }
    }

    /**
     * The pickup latency's bound, in milliseconds {p50, p99}: for each of the latency phase's jobs, as far
     * apart, one connection INSERTs a row (auto-committed) and a second, idle until then, claims it with
     * the claim statement; the time runs from the INSERT's start to the claim's end. Two commits and
     * their round trips, and nothing else: no notification, no thread to wake, no job to start, so no
     * real worker can be faster. The claimed rows stay running; the schema is the bench's own.
     */
    double[] pickup() throws SQLException {
        int n = options.latencyJobs();
        say("(d') raw pickup: %d rows, each INSERTed and then claimed on a second connection, %d ms apart", n,
                options.latencyGap().toMillis());
        double[] latencies = new double[n];
        try (Connection enqueuer = connect(); Connection claimer = connect();
             PreparedStatement insert = enqueuer.prepareStatement(sql.get("insert").sql());
             PreparedStatement claim = claimer.prepareStatement(sql.get("claim").sql())) {
            NamedSql inserting = sql.get("insert");
            NamedSql claiming = sql.get("claim");
            claiming.bind(claim, Map.of("queue", PICKUP_QUEUE, "limit", PICKUP_CLAIM_LIMIT, "node", "raw-pickup"));
            long gap = options.latencyGap().toNanos();
            long next = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                long start = System.nanoTime();
                inserting.bind(insert, Map.of("kind", KIND, "queue", PICKUP_QUEUE, "args", "{\"n\":" + i + "}"));
                insert.executeUpdate();
                int claimed = 0;
                try (ResultSet rows = claim.executeQuery()) {
                    while (rows.next()) {
                        claimed++;
                    }
                }
                latencies[i] = (System.nanoTime() - start) / 1e6;
                if (claimed != 1) {
                    throw new IllegalStateException("the raw pickup claimed " + claimed + " rows after one INSERT, expected 1");
                }
                next += gap;
            }
        }
        Arrays.sort(latencies);
        double[] bound = {Benchmark.percentile(latencies, 50), Benchmark.percentile(latencies, 99)};
        say("    p50 %.2f ms, p99 %.2f ms", bound[0], bound[1]);
        return bound;
    }

    /** The schema the bounds are measured on. */
    BenchTarget.PostgresSchema target() {
        return target;
    }

    /**
     * The drain's bound: the rows {@link #copy()} left, drained on each of {@link #DRAIN_CONNECTIONS}
     * connections in turn (the drained rows replaced by fresh ones, untimed, between them: see
     * {@link #refill(int)}). Returns the fastest.
     */
    RawDrain.Result drain() throws SQLException, InterruptedException {
        int n = options.drainJobs();
        say("(c') raw drain: %d rows, each connection claiming %d and completing them, one statement each;"
                + " on %s connections in turn", n, RawDrain.CLAIM_BATCH, drainConnections());
        List<RawDrain.Result> results = new ArrayList<>();
        for (int connections : DRAIN_CONNECTIONS) {
            if (!results.isEmpty()) {
                refill(n);
            }
            RawDrain.Result result = drain.run(DRAIN_QUEUE, connections, n);
            say("    %d connection(s): %.0f jobs/s, %.4f transactions committed per job", connections,
                    result.jobsPerSecond(), result.transactionsPerJob());
            results.add(result);
        }
        RawDrain.Result best = results.stream().max(Comparator.comparingDouble(RawDrain.Result::jobsPerSecond))
                .orElseThrow();
        say("    bound: %.0f jobs/s (%d connection(s))", best.jobsPerSecond(), best.connections());
        return best;
    }

    /** {@link #DRAIN_CONNECTIONS} for people: "1, 2 and 4". */
    static String drainConnections() {
        List<String> counts = DRAIN_CONNECTIONS.stream().map(String::valueOf).toList();
        return counts.size() == 1 ? counts.getFirst()
                : String.join(", ", counts.subList(0, counts.size() - 1)) + " and " + counts.getLast();
    }

    /**
     * Replaces the last drain's rows by {@code n} fresh ones, so the next drain starts from the table the
     * first one had. Only the drain queue's rows are deleted (then vacuumed away), not the whole table
     * truncated: the finished history of {@code --finished-rows} must stay, since the store's drain ran
     * beside it and the bound must too; and the warm-up and single-INSERT rows stay, as they stay beside
     * the store's drain. Seeding the history again instead would cost minutes per drain at 10 million rows
     * and give the same table. The VACUUM removes the deleted rows and their index entries, which
     * TRUNCATE did by starting over, so no drain steps over its predecessor's dead entries.
     */
    private void refill(int n) throws SQLException {
        try (Connection c = connect();
             PreparedStatement delete = sql.get("delete_queue").prepare(c, Map.of("queue", DRAIN_QUEUE));
             PreparedStatement vacuum = sql.get("vacuum").prepare(c, Map.of())) {
            delete.executeUpdate();
            vacuum.execute();
            copy(c, DRAIN_QUEUE, n, options.bulkChunk());
        }
    }

    private void insertEach(PreparedStatement insert, String queue, int n) throws SQLException {
        NamedSql statement = sql.get("insert");
        for (int i = 0; i < n; i++) {
            statement.bind(insert, Map.of("kind", KIND, "queue", queue, "args", "{\"n\":" + i + "}"));
            insert.executeUpdate();
        }
    }

    /** COPYs {@code n} rows in chunks of {@code chunk}; in auto-commit each COPY is its own transaction. */
    private void copy(Connection c, String queue, int n, int chunk) throws SQLException {
        CopyManager copies = c.unwrap(PGConnection.class).getCopyAPI();
        StringBuilder rows = new StringBuilder(COPY_PIECE_CHARS + 256);
        for (int from = 0; from < n; from += chunk) {
            CopyIn in = copies.copyIn(sql.get("copy").sql());
            try {
                for (int i = from; i < Math.min(n, from + chunk); i++) {
                    // Text format; kind, queue and the JSON hold no tab, newline or backslash to escape.
                    rows.append(KIND).append('\t').append(queue).append("\t{\"n\":").append(i).append("}\n");
                    if (rows.length() >= COPY_PIECE_CHARS) {
                        send(in, rows);
                    }
                }
                send(in, rows);
                in.endCopy();
            } finally {
                if (in.isActive()) {
                    in.cancelCopy();
                }
            }
        }
    }

    private static void send(CopyIn in, StringBuilder rows) throws SQLException {
        byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
        in.writeToCopy(bytes, 0, bytes.length);
        rows.setLength(0);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(target.jdbcUrl());
    }

    private double rate(int jobs, long nanos) {
        double perSecond = jobs / (nanos / 1e9);
        say("    %.0f jobs/s", perSecond);
        return perSecond;
    }

    private void say(String format, Object... args) {
        progress.printf(format + "%n", args);
        progress.flush();
    }
}
