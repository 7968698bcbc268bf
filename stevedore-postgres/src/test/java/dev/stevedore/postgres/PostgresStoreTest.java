package dev.stevedore.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.AttemptError;
import dev.stevedore.ErrorCategory;
import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.Completion;
import dev.stevedore.spi.NewJob;
import dev.stevedore.spi.NodeBeat;
import dev.stevedore.spi.RescueRequest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PostgreSQL-specific behaviour of the store: COPY, SKIP LOCKED, fencing, transactions, rescue. */
class PostgresStoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AWKWARD = "tab\there, newline\nthere, cr\r, back\\slash, \\N, \\., quote\" 'é' "
            + "日本語 🚀 e\u0301 \u2028 end";

    private final PostgresFixture fixture = new PostgresFixture(PgTestDatabase.url());
    private final PostgresStore store = (PostgresStore) fixture.store();

    @AfterEach
    void close() {
        fixture.close();
    }

    static NewJob job(String kind, String queue, String args) {
        return new NewJob(kind, queue, args, 0, 3, JobState.AVAILABLE, null, Duration.ZERO, null, List.of(), Map.of());
    }

    static NewJob awkward(int i) {
        String args = "{\n\t\"i\": " + i + ",\r\n \"text\": " + quote(AWKWARD + i) + "}";
        return new NewJob("kind\t" + AWKWARD + i, "q\\" + (i % 3), args, i % 5, 1 + i % 7,
                i % 2 == 0 ? JobState.AVAILABLE : JobState.SCHEDULED, null, Duration.ofMillis(i), 
                i % 4 == 0 ? null : Duration.ofMillis(1000 + i),
                List.of(AWKWARD, "t" + i), Map.of("k\t" + i, AWKWARD, "plain", "v\n" + i));
    }

    static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void copyAndUnnestInsertsRoundTripAwkwardStringsInInputOrder() throws Exception {
        List<NewJob> many = IntStream.range(0, 5_000).mapToObj(PostgresStoreTest::awkward).toList();
        List<NewJob> few = IntStream.range(0, JobInserter.COPY_THRESHOLD - 1).mapToObj(PostgresStoreTest::awkward).toList();
        Instant before = store.now();
        List<Long> copied = store.jobInsertMany(many);
        List<Long> unnested = store.jobInsertMany(few);

        assertThat(copied).hasSize(5_000).isSorted().doesNotHaveDuplicates();
        assertThat(unnested).hasSize(few.size()).isSorted();
        for (int i = 0; i < few.size(); i++) {
            assertRoundTrip(store.jobGet(copied.get(i)).orElseThrow(), few.get(i), before);
            assertRoundTrip(store.jobGet(unnested.get(i)).orElseThrow(), few.get(i), before);
        }
        assertRoundTrip(store.jobGet(copied.get(4_999)).orElseThrow(), many.get(4_999), before);
    }

    private static void assertRoundTrip(Job job, NewJob sent, Instant before) throws Exception {
        assertThat(job.kind()).isEqualTo(sent.kind());
        assertThat(job.queue()).isEqualTo(sent.queue());
        assertThat(JSON.readTree(job.args())).isEqualTo(JSON.readTree(sent.args()));
        assertThat(job.state()).isEqualTo(sent.state());
        assertThat(job.priority()).isEqualTo(sent.priority());
        assertThat(job.maxAttempts()).isEqualTo(sent.maxAttempts());
        assertThat(job.timeout()).isEqualTo(sent.timeout());
        assertThat(job.tags()).isEqualTo(sent.tags());
        assertThat(job.metadata()).isEqualTo(sent.metadata());
        assertThat(job.scheduledAt()).isAfterOrEqualTo(before.plus(sent.delay()))
                .isEqualTo(job.createdAt().plus(sent.delay()));
    }

    @Test
    void nulIsRejectedNamingTheJobBeforeAnythingIsSent() {
        List<NewJob> jobs = new ArrayList<>(IntStream.range(0, 100).mapToObj(i -> job("k", "q", "{}")).toList());
        jobs.set(42, job("k", "q", "{\"a\": \"x\\u0000y\"}"));
        assertThatThrownBy(() -> store.jobInsertMany(jobs))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("job 42");
        jobs.set(42, job("k\0", "q", "{}"));
        assertThatThrownBy(() -> store.jobInsertMany(jobs.subList(40, 50)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("job 2").hasMessageContaining("kind");
        assertThat(store.queueCounts()).isEmpty();
        // An escaped backslash followed by "u0000" is ordinary text.
        assertThat(store.jobInsertMany(List.of(job("k", "q", "{\"a\": \"\\\\u0000\"}")))).hasSize(1);
    }

    @Test
    void concurrentClaimsNeverHandOutOneJobTwice() throws Exception {
        store.jobInsertMany(IntStream.range(0, 2_000).mapToObj(i -> job("k", "q", "{}")).toList());
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        List<Long> duplicates = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> claimers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String node = "node-" + t;
                claimers.add(pool.submit(() -> {
                    List<Job> batch;
                    while (!(batch = store.jobClaim(new ClaimRequest("q", node, 7))).isEmpty()) {
                        for (Job job : batch) {
                            assertThat(job.attemptedBy()).isEqualTo(node);
                            if (!seen.add(job.id())) {
                                synchronized (duplicates) {
                                    duplicates.add(job.id());
                                }
                            }
                        }
                    }
                }));
            }
            for (Future<?> claimer : claimers) {
                claimer.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(duplicates).isEmpty();
        assertThat(seen).hasSize(2_000);
    }

    @Test
    void claimOrderIsPriorityThenDueThenId() {
        List<Long> ids = store.jobInsertMany(List.of(job("a", "q", "{}"), withPriority(job("b", "q", "{}"), 5),
                job("c", "q", "{}"), withPriority(job("d", "q", "{}"), 5)));
        List<Job> claimed = store.jobClaim(new ClaimRequest("q", "n", 10));
        assertThat(claimed).extracting(Job::id).containsExactly(ids.get(1), ids.get(3), ids.get(0), ids.get(2));
        assertThat(claimed).allSatisfy(j -> {
            assertThat(j.state()).isEqualTo(JobState.RUNNING);
            assertThat(j.attempt()).isEqualTo(1);
            assertThat(j.attemptedAt()).isNotNull();
        });
    }

    private static NewJob withPriority(NewJob job, int priority) {
        return new NewJob(job.kind(), job.queue(), job.args(), priority, job.maxAttempts(), job.state(), job.runAt(),
                job.delay(), job.timeout(), job.tags(), job.metadata());
    }

    @Test
    void completionsAreFencedByAttemptAndRunningState() {
        long id = store.jobInsertMany(List.of(job("k", "q", "{}"))).get(0);
        long other = store.jobInsertMany(List.of(job("k", "q", "{}"))).get(0);
        store.jobClaim(new ClaimRequest("q", "n", 2));
        AttemptError error = new AttemptError(1, store.now(), "n", "java.io.IOException", "tab\tand \"quotes\"",
                "at x\n\tat y", ErrorCategory.TRANSIENT, Duration.ofMillis(1500));
        Set<Long> applied = store.jobCompleteMany(List.of(
                new Completion(id, 2, JobState.COMPLETED, Duration.ZERO, null, Completion.AttemptUse.CONSUMED),
                new Completion(other, 1, JobState.RETRYABLE, Duration.ofHours(1), error, Completion.AttemptUse.REFUNDED)));
        assertThat(applied).containsExactly(other);
        Job retried = store.jobGet(other).orElseThrow();
        assertThat(retried.state()).isEqualTo(JobState.RETRYABLE);
        assertThat(retried.errors()).containsExactly(error);
        assertThat(retried.errorCategory()).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(retried.maxAttempts()).isEqualTo(4);
        assertThat(retried.finishedAt()).isNull();
        assertThat(Duration.between(store.now(), retried.scheduledAt())).isBetween(Duration.ofMinutes(59), Duration.ofHours(1));

        Completion done = new Completion(id, 1, JobState.COMPLETED, Duration.ZERO, null, Completion.AttemptUse.CONSUMED);
        assertThat(store.jobCompleteMany(List.of(done))).containsExactly(id);
        assertThat(store.jobCompleteMany(List.of(done))).isEmpty();
        assertThat(store.jobGet(id).orElseThrow().finishedAt()).isNotNull();
    }

    @Test
    void aNulInOneErrorDoesNotFailTheBatch() {
        List<Long> ids = store.jobInsertMany(List.of(job("k", "q", "{}"), job("k", "q", "{}")));
        store.jobClaim(new ClaimRequest("q", "n", 2));
        AttemptError nul = new AttemptError(1, store.now(), "n", "X", "bad\0byte", "", ErrorCategory.CODE, Duration.ZERO);
        assertThat(store.jobCompleteMany(List.of(
                new Completion(ids.get(0), 1, JobState.RETRYABLE, Duration.ZERO, nul, Completion.AttemptUse.CONSUMED),
                new Completion(ids.get(1), 1, JobState.COMPLETED, Duration.ZERO, null, Completion.AttemptUse.CONSUMED))))
                .containsExactlyInAnyOrderElementsOf(ids);
        assertThat(store.jobGet(ids.get(0)).orElseThrow().errors().get(0).message()).isEqualTo("badbyte");
    }

    @Test
    void transactionalInsertExistsOnlyIfTheCallerCommits() throws Exception {
        for (int size : new int[] {1, 10, 500}) {
            List<NewJob> jobs = IntStream.range(0, size).mapToObj(i -> job("k", "tx" + size, "{}")).toList();
            try (Connection c = fixture.connection()) {
                c.setAutoCommit(false);
                List<Long> ids = store.jobInsertMany(c, jobs);
                assertThat(ids).hasSize(size);
                assertThat(store.jobGet(ids.get(0))).isEmpty();
                c.rollback();
                assertThat(store.jobGet(ids.get(0))).isEmpty();
                ids = store.jobInsertMany(c, jobs);
                c.commit();
                assertThat(store.jobGet(ids.get(size - 1))).isPresent();
                assertThat(c.getAutoCommit()).isFalse();
            }
        }
    }

    @Test
    void rescueRetriesOrDiscardsJobsOfSilentNodes() throws Exception {
        store.nodeHeartbeat(new NodeBeat("alive", "h", 1, List.of("q"), 0));
        store.nodeHeartbeat(new NodeBeat("dead", "h", 2, List.of("q"), 0));
        List<Long> ids = store.jobInsertMany(List.of(job("k", "q", "{}"), job("k", "q", "{}"), job("k", "q", "{}")));
        store.jobClaim(new ClaimRequest("q", "alive", 1));
        store.jobClaim(new ClaimRequest("q", "dead", 1));
        store.jobClaim(new ClaimRequest("q", "ghost", 1));
        try (Connection c = fixture.connection(); Statement s = c.createStatement()) {
            s.execute("UPDATE " + fixture.table("nodes") + " SET heartbeat_at = now() - interval '1 hour' WHERE node_id = 'dead'");
            s.execute("UPDATE " + fixture.table("jobs") + " SET attempt = 3, max_attempts = 3 WHERE attempted_by = 'ghost'");
        }
        List<Job> rescued = store.jobRescue(new RescueRequest(Duration.ofMinutes(1), Duration.ofSeconds(30), "leader", 10));
        assertThat(rescued).extracting(Job::id).containsExactlyInAnyOrder(ids.get(1), ids.get(2));
        Job retry = rescued.stream().filter(j -> j.id() == ids.get(1)).findFirst().orElseThrow();
        assertThat(retry.state()).isEqualTo(JobState.RETRYABLE);
        AttemptError error = retry.errors().get(0);
        assertThat(error.errorClass()).isEqualTo("dev.stevedore.NodeLost");
        assertThat(error.message()).contains("dead").contains("leader");
        assertThat(error.node()).isEqualTo("dead");
        assertThat(error.attempt()).isEqualTo(1);
        assertThat(error.category()).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(error.duration()).isGreaterThanOrEqualTo(Duration.ZERO);
        Job discarded = rescued.stream().filter(j -> j.id() == ids.get(2)).findFirst().orElseThrow();
        assertThat(discarded.state()).isEqualTo(JobState.DISCARDED);
        assertThat(discarded.finishedAt()).isNotNull();
        assertThat(store.jobGet(ids.get(0)).orElseThrow().state()).isEqualTo(JobState.RUNNING);
    }

    @Test
    void corruptJsonColumnsDoNotStopAClaim() throws Exception {
        try (Connection c = fixture.connection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO " + fixture.table("jobs") + " (kind, queue, state, args, errors, tags, metadata) "
                    + "VALUES ('k', 'q', 'available', '{}', '{\"not\": \"a list\"}', '[1, null]', '[]')");
            s.execute("INSERT INTO " + fixture.table("jobs") + " (kind, queue, state, args, errors) "
                    + "VALUES ('k', 'q', 'available', '{}', '[{\"attempt\": \"x\"}]')");
        }
        List<Job> claimed = store.jobClaim(new ClaimRequest("q", "n", 10));
        assertThat(claimed).hasSize(2).allSatisfy(j -> assertThat(j.errors()).isEmpty());
    }
}
