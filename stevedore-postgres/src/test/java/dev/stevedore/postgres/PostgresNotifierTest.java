package dev.stevedore.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.JobState;
import dev.stevedore.spi.NewJob;
import dev.stevedore.spi.Notifier;
import dev.stevedore.spi.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** LISTEN/NOTIFY: one notification per queue per batch, delivery to other nodes, reconnection. */
class PostgresNotifierTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final PostgresFixture fixture = new PostgresFixture(PgTestDatabase.url());
    private final Store store = fixture.store();

    @AfterEach
    void close() {
        fixture.close();
    }

    private static List<NewJob> jobs(String queue, int n, JobState state) {
        return IntStream.range(0, n).mapToObj(i -> new NewJob("k", queue, "{}", 0, 3, state,
                state == JobState.SCHEDULED ? Instant.now().minusSeconds(1) : null, Duration.ZERO, null,
                List.of(), Map.of())).toList();
    }

    @Test
    void oneNotificationPerQueuePerBatch() throws Exception {
        try (Connection listener = fixture.connection(); Statement s = listener.createStatement()) {
            s.execute("LISTEN stevedore_" + fixture.schema());
            List<NewJob> batch = new ArrayList<>(jobs("a", 300, JobState.AVAILABLE));
            batch.addAll(jobs("b", 200, JobState.AVAILABLE));
            batch.addAll(jobs("later", 100, JobState.SCHEDULED));
            store.jobInsertMany(batch);                                   // COPY path
            store.jobInsertMany(jobs("c", 10, JobState.AVAILABLE));       // unnest path
            assertThat(received(listener, Duration.ofSeconds(2))).containsExactly("a", "b", "c");
        }
    }

    @Test
    void controlSubscribersOfAnotherStoreHearPausesResumesAndRunningCancelsButQueueListenersDoNot() throws Exception {
        Store other = fixture.secondStore();
        java.util.concurrent.atomic.AtomicInteger control = new java.util.concurrent.atomic.AtomicInteger();
        List<String> queues = new CopyOnWriteArrayList<>();
        long id = store.jobInsertMany(jobs("run", 1, JobState.AVAILABLE)).get(0);
        store.jobClaim(new dev.stevedore.spi.ClaimRequest("run", "n", 1));
        try (AutoCloseable c = other.notifier().orElseThrow().subscribeControl(control::incrementAndGet);
             AutoCloseable q = other.notifier().orElseThrow().subscribe(queues::add)) {
            store.queuePause("mail");
            await().atMost(WAIT).until(() -> control.get() == 1);
            store.queueResume("mail");
            await().atMost(WAIT).until(() -> control.get() == 2);
            store.jobCancel(id, "stop");
            await().atMost(WAIT).until(() -> control.get() == 3);
            store.jobInsertMany(jobs("marker", 1, JobState.AVAILABLE));
            await().atMost(WAIT).until(() -> queues.contains("marker"));
            assertThat(queues).as("the control payload is not a queue").doesNotContain(PgNotifier.CONTROL);
        }
        other.close();
    }

    @Test
    void subscribersOfAnotherStoreHearInsertsStagingAndRetries() throws Exception {
        Store other = fixture.secondStore();
        List<String> heard = new CopyOnWriteArrayList<>();
        try (AutoCloseable subscription = other.notifier().orElseThrow().subscribe(heard::add)) {
            store.jobInsertMany(jobs("mail", 100, JobState.AVAILABLE));
            await().atMost(WAIT).until(() -> heard.contains("mail"));
            store.jobInsertMany(jobs("soon", 3, JobState.SCHEDULED));
            assertThat(store.jobStage(10)).isEqualTo(3);
            await().atMost(WAIT).until(() -> heard.contains("soon"));
            assertThat(heard).containsOnlyOnce("mail", "soon");
        }
        other.close();
    }

    @Test
    void aLoneEnqueueWakesThisStoresSubscribersBeforeItReturnsAndOtherStoresByNotification() throws Exception {
        Store other = fixture.secondStore();
        List<String> heardHere = new CopyOnWriteArrayList<>();
        List<String> heardThere = new CopyOnWriteArrayList<>();
        try (AutoCloseable here = store.notifier().orElseThrow().subscribe(heardHere::add);
             AutoCloseable there = other.notifier().orElseThrow().subscribe(heardThere::add)) {
            store.jobInsertMany(jobs("solo", 1, JobState.AVAILABLE));
            assertThat(heardHere).as("delivered in this JVM, no round trip").contains("solo");
            await().atMost(WAIT).until(() -> heardThere.contains("solo"));
            store.jobInsertMany(jobs("later", 1, JobState.SCHEDULED));
            Thread.sleep(300);
            assertThat(heardHere).doesNotContain("later");
            assertThat(heardThere).doesNotContain("later");
        }
        other.close();
    }

    @Test
    void anEnqueueInTheCallersTransactionWakesListenersOnlyWhenItCommits() throws Exception {
        try (Connection listener = fixture.connection(); Statement s = listener.createStatement();
             Connection caller = fixture.connection()) {
            s.execute("LISTEN stevedore_" + fixture.schema());
            caller.setAutoCommit(false);
            store.jobInsertMany(caller, jobs("undone", 1, JobState.AVAILABLE));
            caller.rollback();
            store.jobInsertMany(caller, jobs("done", 1, JobState.AVAILABLE));
            assertThat(received(listener, Duration.ofMillis(500))).isEmpty();
            caller.commit();
            assertThat(received(listener, Duration.ofSeconds(1))).containsExactly("done");
        }
    }

    @Test
    void aBurstOfLoneEnqueuesSendsAtMostOneNotificationPerSpacing() throws Exception {
        try (Connection listener = fixture.connection(); Statement s = listener.createStatement()) {
            s.execute("LISTEN stevedore_" + fixture.schema());
            int n = 300;
            long began = System.nanoTime();
            for (int i = 0; i < n; i++) {
                store.jobInsertMany(jobs("burst", 1, JobState.AVAILABLE));
            }
            long elapsed = System.nanoTime() - began;
            List<String> received = received(listener, Duration.ofSeconds(1));
            assertThat(received).isNotEmpty().containsOnly("burst");
            // One may leave at once and each later one waits for the spacing; one more may follow the loop.
            assertThat(received.size()).isLessThanOrEqualTo((int) (elapsed / InsertWaker.SPACING_NANOS) + 2)
                    .isLessThan(n);
        }
    }

    /** Notifications arriving on {@code listener} within {@code window}, in order. */
    private static List<String> received(Connection listener, Duration window) throws Exception {
        List<String> received = new ArrayList<>();
        PGConnection pg = listener.unwrap(PGConnection.class);
        long deadline = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < deadline) {
            PGNotification[] batch = pg.getNotifications(100);
            if (batch != null) {
                for (PGNotification n : batch) {
                    received.add(n.getParameter());
                }
            }
        }
        return received;
    }

    @Test
    void listenerReconnectsAfterItsConnectionIsKilledAndWakesEveryQueue() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        try (AutoCloseable subscription = store.notifier().orElseThrow().subscribe(heard::add)) {
            int firstPid = listenerPid();
            try (Connection c = fixture.connection();
                 PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
                ps.setInt(1, firstPid);
                ps.execute();
            }
            await().atMost(WAIT).until(() -> {
                int pid = listenerPidOrZero();
                return pid != 0 && pid != firstPid;
            });
            await("every queue woken: notifications sent during the gap are lost").atMost(WAIT)
                    .until(() -> heard.contains(Notifier.ALL_QUEUES));
            store.jobInsertMany(jobs("after", 1, JobState.AVAILABLE));
            await().atMost(WAIT).until(() -> heard.contains("after"));
        }
    }

    private int listenerPid() throws Exception {
        await().atMost(WAIT).until(() -> listenerPidOrZero() != 0);
        return listenerPidOrZero();
    }

    private int listenerPidOrZero() throws Exception {
        try (Connection c = fixture.connection();
             PreparedStatement ps = c.prepareStatement("SELECT pid FROM pg_stat_activity "
                     + "WHERE application_name = ? AND query = ?")) {
            ps.setString(1, PgNotifier.APPLICATION_NAME);
            ps.setString(2, "LISTEN stevedore_" + fixture.schema());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }
}
