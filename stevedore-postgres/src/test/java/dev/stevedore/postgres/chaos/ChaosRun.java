package dev.stevedore.postgres.chaos;

import dev.stevedore.Stevedore;
import dev.stevedore.postgres.PostgresStore;
import dev.stevedore.postgres.kill.WorkerJvm;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One chaos run: a private PostgreSQL cluster, worker JVMs running {@link ChaosJobs} (one with its clock
 * skewed), the jobs of a {@link ChaosProfile}, and while they run the disruptions of
 * {@link Disruptions} — {@code kill -9}s, a long transaction, a drop of every connection, a restart.
 * Then it waits for the jobs to finish and measures {@link ChaosFigures} against the ledger.
 *
 * <p>{@link #main} is the long variant's entry point ({@code bin/chaos}); {@code ChaosTest} runs the
 * short one in CI.
 */
final class ChaosRun {
    static final String SCHEMA = "chaos";
    /** How many times a worker is started before the run gives up on it. */
    private static final int MAX_START_TRIES = 10;

    private final ChaosProfile profile;
    private final String profileName;
    private final Path logDir;
    private final Random random = new Random();
    /** One per slot; a replacement is starting while its future is not done. */
    private final List<Future<WorkerJvm>> workers = new ArrayList<>();
    /**
     * Every node killed, and when: by the schedule, or because it did not get ready in time (it may have
     * claimed jobs already). The ledger's checks explain re-executions by these.
     */
    private final Map<String, Instant> kills = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger scheduledKills = new AtomicInteger();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger failedStarts = new AtomicInteger();
    /** Set once the run's cluster is up. */
    private StuckWatch stuck;

    ChaosRun(String profileName, Path logDir) {
        this.profileName = profileName;
        this.profile = ChaosProfile.named(profileName);
        this.logDir = logDir;
    }

    public static void main(String[] args) throws Exception {
        String name = args.length > 0 ? args[0] : "long";
        ChaosFigures figures = new ChaosRun(name, Path.of("stevedore-postgres", "target", "chaos")).run();
        figures.print(System.out);
        System.exit(figures.allZero() ? 0 : 1);
    }

    ChaosFigures run() throws Exception {
        long begin = System.nanoTime();
        try (PrivateCluster cluster = PrivateCluster.start()) {
            log("private PostgreSQL up at " + cluster.url());
            try (PostgresStore store = PostgresStore.builder().jdbcUrl(cluster.url()).schema(SCHEMA).build()) {
                store.migrateUp();
            }
            execute(cluster.url(), Ledger.createTable(SCHEMA),
                    "CREATE TABLE " + SCHEMA + ".expected (ref bigint PRIMARY KEY)",
                    "CREATE TABLE " + SCHEMA + ".kills (node text PRIMARY KEY, killed_at timestamptz NOT NULL)");
            execute(cluster.url(), ChaosFigures.slotAudit(SCHEMA));
            try (Stevedore client = ChaosJobs.declare(Stevedore.builder(), profile, null)
                    .store(PostgresStore.builder().jdbcUrl(cluster.url()).schema(SCHEMA).build()).build()) {
                try (StuckWatch watch = new StuckWatch(cluster.url(), SCHEMA, profile.rescueAfter())) {
                    stuck = watch;
                    try {
                        return runWithWorkers(cluster, client, begin);
                    } finally {
                        stopWorkers();
                    }
                }
            }
        }
    }

    private ChaosFigures runWithWorkers(PrivateCluster cluster, Stevedore client, long begin)
            throws Exception {
        for (int slot = 0; slot < profile.workers(); slot++) {
            workers.add(startWorker(cluster, slot));
        }
        for (Future<WorkerJvm> worker : workers) {
            worker.get();
        }
        log(profile.workers() + " workers ready");
        Feeder feeder = new Feeder(client, cluster.url(), SCHEMA, profile);
        Thread feederThread = Thread.ofPlatform().name("feeder").start(feeder);
        Disruptions disruptions = new Disruptions(cluster, SCHEMA, () -> killOne(cluster), stuck, this::log);
        disruptions.runOver(profile, random);
        feederThread.join();
        Instant cronCutoff = Instant.ofEpochSecond(Instant.now().getEpochSecond() / 2 * 2);
        long expected = recordExpected(cluster.url(), feeder.acknowledgedUnique());
        Duration drained = awaitDrain(cluster.url(), expected, cronCutoff);
        stopWorkers();
        try (Connection c = DriverManager.getConnection(cluster.url())) {
            recordKills(c);
            Map<String, String> context = new LinkedHashMap<>();
            context.put("profile", profileName + ": " + profile.jobs() + " jobs, " + profile.workers() + " worker JVMs, window "
                    + profile.window().toSeconds() + " s, rescue window " + profile.rescueAfter().toSeconds() + " s");
            context.put("kill -9", Integer.toString(scheduledKills.get()));
            context.put("PostgreSQL restarts (immediate stop, down " + profile.restartDown().toSeconds() + " s)",
                    Integer.toString(disruptions.restarts()));
            context.put("connections dropped by pg_terminate_backend (one sweep)", Integer.toString(disruptions.terminated()));
            context.put("long transaction held (rows locked " + disruptions.rowsLocked() + ")",
                    profile.longTransaction().toSeconds() + " s");
            context.put("clock skew of node slot 0 and its replacements", profile.skew().toSeconds() + " s");
            context.put("unique jobs enqueued / second enqueues refused as duplicates",
                    feeder.acknowledgedUnique().size() + " / " + feeder.refused());
            context.put("enqueue attempts that failed (database away) and were retried", Integer.toString(feeder.failures()));
            context.put("worker starts that failed (database away, or not ready in 3 min) and were made again",
                    Integer.toString(failedStarts.get()));
            context.put("drained after the disruptions in", drained.toSeconds() + " s");
            context.put("whole run", Duration.ofNanos(System.nanoTime() - begin).toSeconds() + " s");
            ChaosFigures figures = ChaosFigures.measure(c, SCHEMA, profile, cronCutoff, context, stuck);
            if (!figures.allZero()) {
                ChaosFigures.explain(c, SCHEMA, profile, stuck, System.out);
            }
            return figures;
        }
    }

    private long recordExpected(String url, List<Long> uniqueRefs) throws SQLException {
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO %s.expected SELECT r FROM generate_series(0, %d) r WHERE r %% 20 <> 19"
                        .formatted(SCHEMA, profile.jobs() - 1));
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + SCHEMA + ".expected VALUES (?)")) {
                for (long ref : uniqueRefs) {
                    ps.setLong(1, ref);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM " + SCHEMA + ".expected")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Waits until every expected job and every cron tick up to the cutoff is completed, or the deadline. */
    private Duration awaitDrain(String url, long expected, Instant cronCutoff) throws Exception {
        long start = System.nanoTime();
        long deadline = start + profile.drainDeadline().toNanos();
        String done = """
                SELECT (SELECT count(*) FROM %1$s.jobs WHERE kind <> 'chaos.tick' AND state = 'completed') >= %2$d
                   AND NOT EXISTS (SELECT 1 FROM %1$s.jobs WHERE kind <> 'chaos.tick' AND state <> 'completed')
                   AND (SELECT last_tick_at >= '%3$s' FROM %1$s.cron_schedules WHERE name = '%4$s')
                   AND NOT EXISTS (SELECT 1 FROM %1$s.jobs WHERE kind = 'chaos.tick' AND state <> 'completed'
                                    AND (metadata->>'stevedore.cron.tick')::timestamptz <= '%3$s')"""
                .formatted(SCHEMA, expected, cronCutoff, ChaosJobs.CRON);
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
                 var rs = st.executeQuery(done)) {
                if (rs.next() && rs.getBoolean(1)) {
                    break;
                }
            }
            Thread.sleep(500);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private void recordKills(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + SCHEMA + ".kills VALUES (?, ?)")) {
            for (var kill : kills.entrySet()) {
                ps.setString(1, kill.getKey());
                ps.setObject(2, java.time.OffsetDateTime.ofInstant(kill.getValue(), java.time.ZoneOffset.UTC));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Kills a random worker that is up with {@code kill -9} and starts another in its place, without
     * waiting for it (a JVM may take seconds to start on a busy machine; the schedule goes on). Waits
     * while fewer than two workers are up, so that one node is always alive.
     */
    private Disruptions.Kill killOne(PrivateCluster cluster) throws Exception {
        List<Integer> up = new ArrayList<>();
        while (true) {
            up.clear();
            for (int slot = 0; slot < workers.size(); slot++) {
                if (workers.get(slot).isDone()) {
                    up.add(slot);
                }
            }
            // Never the last node up: the run keeps at least one node alive, as the cron check assumes.
            if (up.size() >= 2) {
                break;
            }
            Thread.sleep(100);
        }
        int slot = up.get(random.nextInt(up.size()));
        WorkerJvm victim = workers.get(slot).get();
        victim.kill9();
        Disruptions.Kill kill = new Disruptions.Kill(victim.nodeId(), Instant.now());
        kills.put(kill.node(), kill.at());
        scheduledKills.incrementAndGet();
        workers.set(slot, startWorker(cluster, slot));
        return kill;
    }

    /** Stops every worker, waiting for those still starting; one that never started is skipped. */
    private void stopWorkers() throws InterruptedException {
        for (Future<WorkerJvm> worker : workers) {
            try {
                worker.get().stop(Duration.ofSeconds(30));
            } catch (ExecutionException e) {
                // it never got ready, and WorkerJvm.start killed it
            }
        }
    }

    /**
     * Starts a worker in {@code slot}, in the background; slot 0's clock is the skewed one. A node cannot
     * start while the database is away (its first heartbeat fails and the process exits), so a worker
     * that exits before it is ready is started again, as a process supervisor would.
     */
    private Future<WorkerJvm> startWorker(PrivateCluster cluster, int slot) {
        FutureTask<WorkerJvm> start = new FutureTask<>(() -> {
            for (int tries = 1; ; tries++) {
                String nodeId = "chaos-" + started.incrementAndGet() + (slot == 0 ? "-skewed" : "");
                try {
                    return WorkerJvm.start(nodeId, ChaosWorker.class, workerFlags(),
                            List.of(cluster.url() + "&ApplicationName=" + nodeId, SCHEMA, nodeId, profileName, Long.toString(slot == 0 ? profile.skew().toSeconds() : 0)),
                            logDir.resolve(nodeId + ".log"));
                } catch (IllegalStateException e) {
                    Instant at = Instant.now();
                    kills.put(nodeId, at);
                    stuck.killed(nodeId, at);
                    if (tries == MAX_START_TRIES) {
                        throw e;
                    }
                    failedStarts.incrementAndGet();
                    log(e.getMessage() + "; starting another");
                    Thread.sleep(1_000);
                }
            }
        });
        Thread.ofVirtual().name("start-worker-" + slot).start(start);
        return start;
    }

    /** The profile's overrides, passed on, and time stamps in the workers' logs. */
    private static List<String> workerFlags() {
        List<String> flags = new ArrayList<>(System.getProperties().stringPropertyNames().stream()
                .filter(p -> p.startsWith("stevedore.chaos.")).map(p -> "-D" + p + "=" + System.getProperty(p)).toList());
        flags.addAll(List.of("-Dorg.slf4j.simpleLogger.showDateTime=true", "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS"));
        return flags;
    }

    private static void execute(String url, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            for (String statement : statements) {
                st.execute(statement);
            }
        }
    }

    private void log(String message) {
        System.out.println(java.time.LocalTime.now().withNano(0) + " chaos: " + message);
    }
}
