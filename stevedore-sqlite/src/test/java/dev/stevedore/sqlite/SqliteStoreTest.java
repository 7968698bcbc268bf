package dev.stevedore.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.ErrorCategory;
import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.Completion;
import dev.stevedore.spi.JobFilter;
import dev.stevedore.spi.NewJob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Claims, completions and inserts on a real SQLite file. */
class SqliteStoreTest {
    private final TestClock clock = new TestClock();
    private final SqliteFixture fixture = new SqliteFixture(clock);
    private final SqliteStore store = fixture.store();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aStaleCompletionIsNotApplied() {
        long id = store.jobInsertMany(List.of(Jobs.available("q"))).get(0);
        Job claimed = store.jobClaim(new ClaimRequest("q", "node-a", 1)).get(0);
        assertThat(claimed.attempt()).isEqualTo(1);
        assertThat(claimed.attemptedBy()).isEqualTo("node-a");
        assertThat(claimed.attemptedAt()).isEqualTo(clock.instant());

        assertThat(store.jobCompleteMany(List.of(Jobs.done(id, 2)))).isEmpty();
        assertThat(store.jobCompleteMany(List.of(Jobs.done(id, 1)))).containsExactly(id);
        assertThat(store.jobCompleteMany(List.of(Jobs.done(id, 1)))).as("no longer running").isEmpty();
        Job done = store.jobGet(id).orElseThrow();
        assertThat(done.state()).isEqualTo(JobState.COMPLETED);
        assertThat(done.finishedAt()).isEqualTo(clock.instant());
    }

    @Test
    void claimsHighestPriorityThenOldestThenLowestIdAndOnlyFromItsQueue() {
        List<Long> ids = store.jobInsertMany(List.of(Jobs.available("q", 0), Jobs.available("q", 5),
                Jobs.available("other", 9), Jobs.available("q", 0), Jobs.available("q", 5)));
        List<Job> claimed = store.jobClaim(new ClaimRequest("q", "n", 3));
        assertThat(claimed).extracting(Job::id).containsExactly(ids.get(1), ids.get(4), ids.get(0));
        assertThat(store.jobGet(ids.get(2)).orElseThrow().state()).isEqualTo(JobState.AVAILABLE);
    }

    @Test
    void aFailureAppendsItsErrorAndReschedules() {
        long id = store.jobInsertMany(List.of(Jobs.available("q"))).get(0);
        store.jobClaim(new ClaimRequest("q", "n", 1));
        assertThat(store.jobCompleteMany(List.of(Jobs.failed(id, 1, Duration.ofSeconds(30))))).containsExactly(id);
        clock.advance(Duration.ofSeconds(30));
        store.jobStage(10);
        store.jobClaim(new ClaimRequest("q", "n", 1));
        store.jobCompleteMany(List.of(Jobs.failed(id, 2, Duration.ofSeconds(5))));

        Job job = store.jobGet(id).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.RETRYABLE);
        assertThat(job.scheduledAt()).isEqualTo(clock.instant().plusSeconds(5));
        assertThat(job.finishedAt()).isNull();
        assertThat(job.errors()).extracting(e -> e.message()).containsExactly("boom 1", "boom 2");
        assertThat(job.errorCategory()).isEqualTo(ErrorCategory.TRANSIENT);
    }

    @Test
    void aRefundedExecutionGrowsMaxAttempts() {
        long id = store.jobInsertMany(List.of(Jobs.available("q"))).get(0);
        store.jobClaim(new ClaimRequest("q", "n", 1));
        store.jobCompleteMany(List.of(new Completion(id, 1, JobState.SCHEDULED, Duration.ofSeconds(1), null,
                Completion.AttemptUse.REFUNDED)));
        Job job = store.jobGet(id).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.SCHEDULED);
        assertThat(job.maxAttempts()).isEqualTo(4);
        assertThat(job.attempt()).isEqualTo(1);
    }

    @Test
    void corruptJsonInARowDoesNotStopAClaimOrACompletion() throws SQLException {
        long id = store.jobInsertMany(List.of(Jobs.available("q"))).get(0);
        try (Connection c = fixture.connection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE jobs SET errors = '[{broken', tags = '{\"not\":\"a list\"}', args = '{nope' WHERE id = " + id);
        }
        long good = store.jobInsertMany(List.of(Jobs.available("q"))).get(0);
        List<Job> claimed = store.jobClaim(new ClaimRequest("q", "n", 5));
        assertThat(claimed).extracting(Job::id).containsExactly(id, good);
        assertThat(claimed.get(0).errors()).isEmpty();
        assertThat(claimed.get(0).tags()).isEmpty();
        assertThat(claimed.get(0).args()).isEqualTo("{nope");

        assertThat(store.jobCompleteMany(List.of(Jobs.failed(id, 1, Duration.ZERO), Jobs.done(good, 1))))
                .containsExactlyInAnyOrder(id, good);
        assertThat(store.jobGet(id).orElseThrow().errors()).singleElement()
                .satisfies(e -> assertThat(e.message()).isEqualTo("boom 1"));
    }

    @Test
    void concurrentClaimersOnTwoStoresNeverGetTheSameJob() throws Exception {
        int total = 600;
        store.jobInsertMany(IntStream.range(0, total).mapToObj(i -> Jobs.available("q")).toList());
        SqliteStore other = fixture.secondStore();
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> claimers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                SqliteStore on = t % 2 == 0 ? store : other;
                String node = "node-" + t;
                claimers.add(pool.submit(() -> {
                    List<Job> batch;
                    while (!(batch = on.jobClaim(new ClaimRequest("q", node, 7))).isEmpty()) {
                        batch.forEach(j -> {
                            if (!seen.add(j.id())) {
                                duplicates.incrementAndGet();
                            }
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> claimer : claimers) {
                claimer.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(duplicates).hasValue(0);
        assertThat(seen).hasSize(total);
        assertThat(store.jobList(new JobFilter(Set.of(JobState.RUNNING), "q", null, null, 10_000))).hasSize(total);
    }

    @Test
    void aTransactionalInsertExistsOnlyIfTheCallerCommits() throws SQLException {
        long rolledBack;
        long committed;
        try (Connection c = fixture.connection()) {
            c.setAutoCommit(false);
            rolledBack = store.jobInsertMany(c, List.of(Jobs.available("q"))).get(0);
            c.rollback();
            committed = store.jobInsertMany(c, List.of(Jobs.available("q"), Jobs.available("q"))).get(1);
            assertThat(store.jobGet(committed)).as("not visible before commit").isEmpty();
            c.commit();
        }
        assertThat(store.jobGet(committed)).isPresent();
        assertThat(store.jobList(JobFilter.all(10))).hasSize(2).noneMatch(j -> j.id() == rolledBack);
    }

    @Test
    void insertedJobsKeepTheirFieldsAndWakeTheirQueueOnce() throws Exception {
        List<String> woken = new ArrayList<>();
        try (AutoCloseable subscription = store.notifier().orElseThrow().subscribe(woken::add)) {
            NewJob tagged = new NewJob("k", "mail", "{\"to\":\"a@b\"}", 2, 7, JobState.AVAILABLE, null, Duration.ZERO,
                    Duration.ofSeconds(9), List.of("x", "y"), Map.of("tenant", "acme"));
            List<Long> ids = store.jobInsertMany(List.of(tagged, Jobs.available("mail"), Jobs.scheduledIn("late", Duration.ofMinutes(1))));
            Job job = store.jobGet(ids.get(0)).orElseThrow();
            assertThat(job).extracting(Job::kind, Job::queue, Job::args, Job::priority, Job::maxAttempts, Job::timeout)
                    .containsExactly("k", "mail", "{\"to\":\"a@b\"}", 2, 7, Duration.ofSeconds(9));
            assertThat(job.tags()).containsExactly("x", "y");
            assertThat(job.metadata()).containsExactly(Map.entry("tenant", "acme"));
            assertThat(job.createdAt()).isEqualTo(clock.instant());
            assertThat(store.jobGet(ids.get(2)).orElseThrow().scheduledAt()).isEqualTo(clock.instant().plusSeconds(60));
        }
        assertThat(woken).containsExactly("mail");
    }

    @Test
    void rawInsertsGetEveryDefault() throws SQLException {
        long id;
        try (Connection c = fixture.connection();
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO jobs (kind, queue, state, args) VALUES ('k', 'q', 'available', '{}') RETURNING id");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            id = rs.getLong(1);
        }
        Job job = store.jobGet(id).orElseThrow();
        assertThat(job.maxAttempts()).isEqualTo(20);
        assertThat(job.errors()).isEmpty();
        assertThat(job.createdAt()).isCloseTo(java.time.Instant.now(), org.assertj.core.api.Assertions.within(
                5, java.time.temporal.ChronoUnit.SECONDS));
    }

    @Test
    void theClaimWalksThePartialIndex() throws SQLException {
        try (Connection c = fixture.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("EXPLAIN QUERY PLAN SELECT id FROM jobs WHERE state = 'available' AND "
                     + "queue = 'q' ORDER BY priority DESC, scheduled_at, id LIMIT 5")) {
            StringBuilder plan = new StringBuilder();
            while (rs.next()) {
                plan.append(rs.getString("detail")).append('\n');
            }
            assertThat(plan.toString()).contains("jobs_claim_idx").doesNotContain("TEMP B-TREE");
        }
    }
}
