package dev.stevedore.postgres;

import static dev.stevedore.postgres.PostgresStoreTest.job;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.Completion;
import dev.stevedore.spi.JobFilter;
import dev.stevedore.spi.NewJob;
import dev.stevedore.spi.NodeBeat;
import dev.stevedore.spi.NodeInfo;
import dev.stevedore.spi.PruneRequest;
import dev.stevedore.spi.QueueCount;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Staging, pruning, listing, operator actions, nodes and the leadership lease on PostgreSQL. */
class PostgresMaintenanceTest {
    private final PostgresFixture fixture = new PostgresFixture(PgTestDatabase.url("prepareThreshold=0"));
    private final PostgresStore store = (PostgresStore) fixture.store();

    @AfterEach
    void close() {
        fixture.close();
    }

    private void sql(String statement) throws Exception {
        try (Connection c = fixture.connection(); Statement s = c.createStatement()) {
            s.execute(statement.replace("{jobs}", fixture.table("jobs")));
        }
    }

    @Test
    void stagingMovesOnlyDueJobsAndRespectsTheLimit() {
        Instant now = store.now();
        store.jobInsertMany(List.of(
                scheduled(now.minusSeconds(5)), scheduled(now.minusSeconds(4)), scheduled(now.minusSeconds(3)),
                scheduled(now.plusSeconds(3600))));
        assertThat(store.jobStage(2)).isEqualTo(2);
        assertThat(store.jobStage(10)).isEqualTo(1);
        assertThat(store.jobStage(10)).isZero();
        assertThat(store.queueCounts()).containsExactlyInAnyOrder(
                new QueueCount("q", JobState.AVAILABLE, 3), new QueueCount("q", JobState.SCHEDULED, 1));
    }

    private static NewJob scheduled(Instant at) {
        return new NewJob("k", "q", "{}", 0, 3, JobState.SCHEDULED, at, Duration.ZERO, null, List.of(), Map.of());
    }

    @Test
    void pruneDeletesOnlyFinishedJobsPastTheirRetention() throws Exception {
        List<Long> ids = store.jobInsertMany(IntStream.range(0, 5).mapToObj(i -> job("k", "q", "{}")).toList());
        sql("UPDATE {jobs} SET state = 'completed', finished_at = now() - interval '2 hours' WHERE id IN ("
                + ids.get(0) + ", " + ids.get(1) + ")");
        sql("UPDATE {jobs} SET state = 'discarded', finished_at = now() - interval '2 hours' WHERE id = " + ids.get(2));
        sql("UPDATE {jobs} SET state = 'cancelled', finished_at = now() WHERE id = " + ids.get(3));
        assertThat(store.jobPrune(new PruneRequest(Duration.ofHours(1), Duration.ofDays(1), 1))).isEqualTo(1);
        assertThat(store.jobPrune(new PruneRequest(Duration.ofHours(1), Duration.ofDays(1), 100))).isEqualTo(1);
        assertThat(store.jobPrune(new PruneRequest(Duration.ofHours(1), Duration.ofMinutes(30), 100))).isEqualTo(1);
        assertThat(store.jobList(JobFilter.all(100))).extracting(Job::id).containsExactly(ids.get(4), ids.get(3));
    }

    @Test
    void listingIsNewestFirstKeysetPagedAndFiltered() {
        List<Long> ids = store.jobInsertMany(IntStream.range(0, 10)
                .mapToObj(i -> job(i % 2 == 0 ? "even" : "odd", "q" + (i % 3), "{}")).toList());
        List<Job> page = store.jobList(JobFilter.all(4));
        assertThat(page).extracting(Job::id).containsExactly(ids.get(9), ids.get(8), ids.get(7), ids.get(6));
        assertThat(store.jobList(new JobFilter(Set.of(), null, null, page.get(3).id(), 3)))
                .extracting(Job::id).containsExactly(ids.get(5), ids.get(4), ids.get(3));
        assertThat(store.jobList(new JobFilter(Set.of(JobState.AVAILABLE), "q0", "even", null, 100)))
                .extracting(Job::id).containsExactly(ids.get(6), ids.get(0));
        assertThat(store.jobList(new JobFilter(Set.of(JobState.RUNNING, JobState.HELD), null, null, null, 100))).isEmpty();
    }

    @Test
    void cancelAndRetryFollowTheStateMachine() {
        long waiting = store.jobInsertMany(List.of(job("k", "w", "{}"))).get(0);
        long running = store.jobInsertMany(List.of(job("k", "r", "{}"))).get(0);
        Job claimed = store.jobClaim(new ClaimRequest("r", "n", 1)).get(0);

        assertThat(store.jobCancel(waiting).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        assertThat(store.jobCancel(running).orElseThrow().state()).isEqualTo(JobState.RUNNING);
        assertThat(store.jobCancel(-1)).isEmpty();

        Job retried = store.jobRetry(waiting).orElseThrow();
        assertThat(retried.state()).isEqualTo(JobState.AVAILABLE);
        assertThat(retried.finishedAt()).isNull();
        assertThat(store.jobRetry(running).orElseThrow().state()).isEqualTo(JobState.RUNNING);
        assertThat(store.jobRetry(-1)).isEmpty();

        store.jobCompleteMany(List.of(new Completion(running, claimed.attempt(), JobState.DISCARDED, Duration.ZERO,
                null, Completion.AttemptUse.CONSUMED)));
        store.jobCompleteMany(List.of());
        assertThat(store.jobGet(running).orElseThrow().maxAttempts()).isEqualTo(3);
        Job again = store.jobRetry(running).orElseThrow();
        assertThat(again.state()).isEqualTo(JobState.AVAILABLE);
        assertThat(again.maxAttempts()).isEqualTo(3);
    }

    @Test
    void retryGrantsOneMoreAttemptWhenTheyAreUsedUp() throws Exception {
        long id = store.jobInsertMany(List.of(job("k", "q", "{}"))).get(0);
        sql("UPDATE {jobs} SET state = 'discarded', attempt = 3, max_attempts = 3, finished_at = now() WHERE id = " + id);
        assertThat(store.jobRetry(id).orElseThrow().maxAttempts()).isEqualTo(4);
    }

    @Test
    void heartbeatsKeepTheStartTimeAndNodesCanLeave() throws Exception {
        store.nodeHeartbeat(new NodeBeat("a", "host-a", 11, List.of("q1", "q2"), 0));
        NodeInfo first = store.nodeList().get(0);
        store.nodeHeartbeat(new NodeBeat("a", "host-a", 11, List.of("q1"), 5));
        NodeInfo second = store.nodeList().get(0);
        assertThat(second.startedAt()).isEqualTo(first.startedAt());
        assertThat(second.heartbeatAt()).isAfter(first.heartbeatAt());
        assertThat(second.queues()).containsExactly("q1");
        assertThat(second.running()).isEqualTo(5);
        store.nodeRemove("a");
        assertThat(store.nodeList()).isEmpty();
    }

    @Test
    void theLeaseHasOneHolderUntilItExpiresOrIsResigned() throws Exception {
        assertThat(store.leaderElect("a", Duration.ofMinutes(1))).isTrue();
        assertThat(store.leaderElect("b", Duration.ofMinutes(1))).isFalse();
        assertThat(store.leaderElect("a", Duration.ofMinutes(1))).isTrue();
        assertThat(store.leaderGet()).contains("a");
        store.leaderResign("b");
        assertThat(store.leaderGet()).contains("a");
        store.leaderResign("a");
        assertThat(store.leaderGet()).isEmpty();
        assertThat(store.leaderElect("b", Duration.ofMinutes(1))).isTrue();
        sql("UPDATE " + fixture.table("leader") + " SET expires_at = now() - interval '1 second'");
        assertThat(store.leaderGet()).isEmpty();
        assertThat(store.leaderElect("a", Duration.ofMinutes(1))).isTrue();
    }
}
