package dev.stevedore.postgres.chaos;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The disruptions of a chaos run, spread over its window in time order: the {@code kill -9}s (evenly
 * spaced, with jitter), a transaction held open (at 15 % of the window), one drop of every connection
 * with {@code pg_terminate_backend} (45 %) and one restart of the private PostgreSQL (70 %).
 */
final class Disruptions {
    /** Kills a worker and starts its replacement. */
    interface Killer {
        Kill killOne() throws Exception;
    }

    /** A worker killed, and when. */
    record Kill(String node, Instant at) {}

    private record Event(Duration at, String name, Action action) {}

    private interface Action {
        void run() throws Exception;
    }

    private final PrivateCluster cluster;
    private final String schema;
    private final Killer killer;
    private final StuckWatch stuck;
    private final Consumer<String> log;
    private int restarts;
    private int terminated;
    private volatile int rowsLocked;
    private Thread longTransaction;

    Disruptions(PrivateCluster cluster, String schema, Killer killer, StuckWatch stuck, Consumer<String> log) {
        this.cluster = cluster;
        this.schema = schema;
        this.killer = killer;
        this.stuck = stuck;
        this.log = log;
    }

    /** Runs every disruption of {@code profile} at its time from now; returns when the last is over. */
    void runOver(ChaosProfile profile, Random random) throws Exception {
        Duration window = profile.window();
        List<Event> events = new ArrayList<>();
        Duration spacing = window.dividedBy(profile.kills());
        for (int i = 0; i < profile.kills(); i++) {
            long jitter = (long) ((random.nextDouble() - 0.5) * spacing.toMillis() / 2);
            events.add(new Event(spacing.multipliedBy(i).plus(spacing.dividedBy(2)).plusMillis(jitter), "kill -9", () -> {
                Kill kill = killer.killOne();
                stuck.killed(kill.node(), kill.at());
                log.accept("killed " + kill.node() + " with kill -9 and started a replacement");
            }));
        }
        events.add(new Event(fraction(window, 0.15), "long transaction", () -> holdTransaction(profile.longTransaction())));
        events.add(new Event(fraction(window, 0.45), "pg_terminate_backend", this::terminateAll));
        events.add(new Event(fraction(window, 0.70), "restart", () -> restart(profile.restartDown())));
        events.sort(Comparator.comparing(Event::at));
        long start = System.nanoTime();
        for (Event event : events) {
            long wait = event.at().toNanos() - (System.nanoTime() - start);
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            event.action().run();
        }
        if (longTransaction != null) {
            longTransaction.join();
        }
    }

    int restarts() {
        return restarts;
    }

    int terminated() {
        return terminated;
    }

    int rowsLocked() {
        return rowsLocked;
    }

    /**
     * Opens a transaction that locks some waiting jobs ({@code FOR UPDATE}: claims and the stager must skip
     * them) and stays open, idle, for {@code hold}, then rolls back. Its row locks give it a transaction id,
     * which holds back what vacuum may clean meanwhile. (Not {@code REPEATABLE READ}: its row locks would
     * fail at once on rows the workers changed since its snapshot.)
     */
    private void holdTransaction(Duration hold) {
        longTransaction = Thread.ofPlatform().name("long-transaction").start(() -> {
            try (Connection c = DriverManager.getConnection(cluster.url())) {
                c.setAutoCommit(false);
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM (SELECT id FROM "
                        + schema + ".jobs WHERE state IN ('available', 'scheduled', 'retryable') ORDER BY id LIMIT 50 FOR UPDATE SKIP LOCKED) x")) {
                    rs.next();
                    rowsLocked = rs.getInt(1);
                }
                log.accept("long transaction open, " + rowsLocked + " waiting jobs locked, for " + hold.toSeconds() + " s");
                Thread.sleep(hold.toMillis());
                c.rollback();
                log.accept("long transaction rolled back");
            } catch (SQLException e) {
                log.accept("long transaction ended by the database: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Drops every client connection to the private cluster but this one. */
    private void terminateAll() throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.url()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                     + " WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'")) {
            rs.next();
            terminated = rs.getInt(1);
        }
        stuck.databaseBack(Instant.now());
        log.accept("pg_terminate_backend dropped " + terminated + " connections");
    }

    private void restart(Duration down) throws Exception {
        log.accept("restarting PostgreSQL (immediate stop, down " + down.toSeconds() + " s)");
        cluster.restart(down);
        restarts++;
        stuck.databaseBack(Instant.now());
        log.accept("PostgreSQL is back");
    }

    private static Duration fraction(Duration window, double share) {
        return Duration.ofMillis((long) (window.toMillis() * share));
    }
}
