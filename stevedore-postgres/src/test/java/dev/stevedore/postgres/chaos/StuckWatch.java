package dev.stevedore.postgres.chaos;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;

/**
 * Watches, once a second, for jobs left {@code running} under a node the suite killed for longer than
 * the rescue window allows: the rescue window plus {@link #FAILOVER} (a new leader's lease and one
 * rescue round), counted from the kill — or, when the database was restarted or its connections dropped
 * since, from when it was back plus {@link #RECONNECT} (nodes must reconnect and be heard for a whole
 * window before they judge others' silence).
 */
final class StuckWatch implements AutoCloseable {
    /** A new leader's lease (three 0.5 s heartbeats), one rescue round and the watch's own period. */
    static final Duration FAILOVER = Duration.ofSeconds(3);
    /** The workers' pools retry opening a connection with a backoff up to half their 5 s time-out. */
    static final Duration RECONNECT = Duration.ofSeconds(5);
    private static final Duration PERIOD = Duration.ofSeconds(1);

    private final String url;
    private final String schema;
    private final Duration rescueAfter;
    private final Map<String, Instant> killed = new ConcurrentHashMap<>();
    private final List<Instant> databaseBack = new CopyOnWriteArrayList<>();
    private final Set<String> stuck = ConcurrentHashMap.newKeySet();
    private volatile Duration longestOverdue = Duration.ZERO;
    private volatile Duration longestRunningAfterKill = Duration.ZERO;
    private volatile boolean closed;
    private final Thread thread;

    StuckWatch(String url, String schema, Duration rescueAfter) {
        this.url = url;
        this.schema = schema;
        this.rescueAfter = rescueAfter;
        this.thread = Thread.ofPlatform().daemon().name("stuck-watch").start(this::watch);
    }

    void killed(String node, Instant at) {
        killed.put(node, at);
    }

    /** The database is reachable again after a restart or a drop of its connections. */
    void databaseBack(Instant at) {
        databaseBack.add(at);
    }

    /** Distinct (job, attempt)s seen running under a killed node past the bound. */
    int stuck() {
        return stuck.size();
    }

    /** The (job, attempt)s counted by {@link #stuck()}, with their nodes. */
    Set<String> stuckJobs() {
        return Set.copyOf(stuck);
    }

    /** The longest any job was seen running under a killed node after the kill. */
    Duration longestRunningAfterKill() {
        return longestRunningAfterKill;
    }

    /** The most any job was seen past the bound (zero if none was). */
    Duration longestOverdue() {
        return longestOverdue;
    }

    private void watch() {
        while (!closed) {
            try (Connection c = DriverManager.getConnection(url)) {
                while (!closed) {
                    sample(c);
                    Thread.sleep(PERIOD.toMillis());
                }
            } catch (SQLException e) {
                sleepQuietly(); // the database is away (the suite's own doing): look again in a moment
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample(Connection c) throws SQLException {
        if (killed.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        Instant lastBack = databaseBack.stream().filter(b -> !b.isAfter(now)).max(Instant::compareTo).orElse(Instant.EPOCH);
        try (PreparedStatement ps = c.prepareStatement("SELECT id, attempt, attempted_by FROM " + schema
                + ".jobs WHERE state = 'running' AND attempted_by = ANY (?)")) {
            Array nodes = c.createArrayOf("text", new HashSet<>(killed.keySet()).toArray());
            ps.setArray(1, nodes);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant killedAt = killed.get(rs.getString(3));
                    Duration sinceKill = Duration.between(killedAt, now);
                    if (sinceKill.compareTo(longestRunningAfterKill) > 0) {
                        longestRunningAfterKill = sinceKill;
                    }
                    Duration overKill = sinceKill.minus(rescueAfter.plus(FAILOVER));
                    Duration overBack = Duration.between(lastBack, now).minus(rescueAfter.plus(FAILOVER).plus(RECONNECT));
                    Duration overdue = overKill.compareTo(overBack) < 0 ? overKill : overBack;
                    if (overdue.isPositive()) {
                        stuck.add(rs.getLong(1) + "/" + rs.getInt(2) + " on " + rs.getString(3));
                        if (overdue.compareTo(longestOverdue) > 0) {
                            longestOverdue = overdue;
                        }
                    }
                }
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(PERIOD.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.interrupt();
        thread.join();
    }
}
