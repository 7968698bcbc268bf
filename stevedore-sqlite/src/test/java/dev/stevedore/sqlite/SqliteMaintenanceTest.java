package dev.stevedore.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.JobFilter;
import dev.stevedore.spi.NodeBeat;
import dev.stevedore.spi.PruneRequest;
import dev.stevedore.spi.RescueRequest;
import dev.stevedore.spi.StoreException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Exact times under an injected clock (staging, rescue, pruning, the lease), plus locking and WAL on a real file. */
class SqliteMaintenanceTest {
    private final TestClock clock = new TestClock();
    private final SqliteFixture fixture = new SqliteFixture(clock);
    private final SqliteStore store = fixture.store();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void stagingMovesDueJobsAndWakesEachQueueOnce() throws Exception {
        store.jobInsertMany(List.of(Jobs.scheduledIn("a", Duration.ofSeconds(1)), Jobs.scheduledIn("a", Duration.ofSeconds(1)),
                Jobs.scheduledIn("b", Duration.ofSeconds(1)), Jobs.scheduledIn("c", Duration.ofHours(1))));
        List<String> woken = new ArrayList<>();
        try (AutoCloseable subscription = store.notifier().orElseThrow().subscribe(woken::add)) {
            assertThat(store.jobStage(100)).isZero();
            clock.advance(Duration.ofSeconds(1));
            assertThat(store.jobStage(100)).isEqualTo(3);
        }
        assertThat(woken).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void jobsOfLostNodesAreRescuedAndLiveNodesKeepTheirs() {
        List<Long> ids = store.jobInsertMany(IntStream.range(0, 3).mapToObj(i -> Jobs.available("q")).toList());
        store.nodeHeartbeat(new NodeBeat("alive", "h", 1, List.of("q"), 1));
        store.nodeHeartbeat(new NodeBeat("stale", "h", 2, List.of("q"), 1));
        store.jobClaim(new ClaimRequest("q", "alive", 1));
        store.jobClaim(new ClaimRequest("q", "stale", 1));
        store.jobClaim(new ClaimRequest("q", "ghost", 1));
        clock.advance(Duration.ofSeconds(20));
        store.nodeHeartbeat(new NodeBeat("alive", "h", 1, List.of("q"), 1));

        List<Job> rescued = store.jobRescue(new RescueRequest(Duration.ofSeconds(10), Duration.ofSeconds(3), "rescuer", 10));

        assertThat(rescued).extracting(Job::id).containsExactlyInAnyOrder(ids.get(1), ids.get(2));
        Job job = store.jobGet(ids.get(2)).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.RETRYABLE);
        assertThat(job.scheduledAt()).isEqualTo(clock.instant().plusSeconds(3));
        assertThat(job.errors()).singleElement().satisfies(e -> {
            assertThat(e.errorClass()).isEqualTo("dev.stevedore.NodeLost");
            assertThat(e.message()).contains("ghost").contains("rescuer");
            assertThat(e.attempt()).isEqualTo(1);
            assertThat(e.duration()).isEqualTo(Duration.ofSeconds(20));
        });
        assertThat(store.jobGet(ids.get(0)).orElseThrow().state()).isEqualTo(JobState.RUNNING);
    }


    @Test
    void pruningDeletesOldFinishedJobsInChunksUpToTheLimit() {
        List<Long> ids = store.jobInsertMany(IntStream.range(0, 2_503).mapToObj(i -> Jobs.available("q")).toList());
        List<Job> claimed = store.jobClaim(new ClaimRequest("q", "n", 2_500));
        store.jobCompleteMany(claimed.stream().map(j -> Jobs.done(j.id(), 1)).toList());
        clock.advance(Duration.ofHours(2));
        PruneRequest request = new PruneRequest(Duration.ofHours(1), Duration.ofDays(7), 2_400);
        assertThat(store.jobPrune(request)).isEqualTo(2_400);
        assertThat(store.jobPrune(request)).isEqualTo(100);
        assertThat(store.jobPrune(request)).isZero();
        assertThat(store.jobGet(ids.get(2_502))).isPresent();
    }



    @Test
    void leadershipIsALeaseTakenOverOnlyAfterItRunsOut() {
        SqliteStore other = fixture.secondStore();
        assertThat(store.leaderElect("a", Duration.ofSeconds(10))).isTrue();
        assertThat(other.leaderElect("b", Duration.ofSeconds(10))).isFalse();
        clock.advance(Duration.ofSeconds(9));
        assertThat(store.leaderElect("a", Duration.ofSeconds(10))).as("renewal").isTrue();
        clock.advance(Duration.ofSeconds(10));
        assertThat(other.leaderGet()).isEmpty();
        assertThat(other.leaderElect("b", Duration.ofSeconds(10))).isTrue();
        assertThat(store.leaderGet()).contains("b");
        store.leaderResign("a");
        assertThat(store.leaderGet()).contains("b");
        other.leaderResign("b");
        assertThat(store.leaderGet()).isEmpty();
    }



    @Test
    void aWriteBlockedPastTheBusyTimeoutFailsAndOneUnblockedInTimeSucceeds() throws Exception {
        SqliteStore impatient = SqliteStore.builder().file(fixture.file()).clock(clock)
                .busyTimeout(Duration.ofMillis(200)).build();
        try (impatient; Connection other = fixture.connection(); Statement s = other.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            assertThatThrownBy(() -> impatient.jobInsertMany(List.of(Jobs.available("q"))))
                    .isInstanceOf(StoreException.class).hasMessageContaining("jobInsertMany");
            assertThat(impatient.jobList(JobFilter.all(10))).as("reads still work in WAL mode").isEmpty();
            Thread release = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(300);
                    s.execute("COMMIT");
                } catch (InterruptedException | SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(store.jobInsertMany(List.of(Jobs.available("q")))).hasSize(1);
            release.join();
        }
        assertThat(store.jobList(JobFilter.all(10))).hasSize(1);
    }

    @Test
    void theFileIsInWalModeAndAClosedStoreSaysSo() throws SQLException {
        try (Connection c = fixture.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("wal");
        }
        store.close();
        store.close();
        assertThatThrownBy(() -> store.jobGet(1)).isInstanceOf(StoreException.class).hasMessageContaining("closed");
    }

    private List<String> tables() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = fixture.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
