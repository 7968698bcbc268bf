package dev.stevedore.tck;

import static dev.stevedore.tck.ContractJobs.available;
import static dev.stevedore.tck.ContractJobs.error;
import static dev.stevedore.tck.ContractJobs.fail;
import static dev.stevedore.tck.ContractJobs.finish;
import static dev.stevedore.tck.ContractJobs.refund;
import static dev.stevedore.tck.ContractJobs.scheduledAt;
import static dev.stevedore.tck.ContractJobs.scheduledIn;
import static dev.stevedore.tck.ContractJobs.withMaxAttempts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.AttemptError;
import dev.stevedore.ErrorCategory;
import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.Completion;
import dev.stevedore.spi.JobFilter;
import dev.stevedore.spi.MigrationStatus;
import dev.stevedore.spi.NewJob;
import dev.stevedore.spi.NodeBeat;
import dev.stevedore.spi.NodeHealth;
import dev.stevedore.spi.NodeInfo;
import dev.stevedore.spi.Notifier;
import dev.stevedore.spi.PruneRequest;
import dev.stevedore.spi.QueueCount;
import dev.stevedore.spi.RescueRequest;
import dev.stevedore.spi.Store;
import dev.stevedore.spi.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.assertj.core.data.TemporalUnitOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Store} must do, method by method, on a real database. A store module subclasses
 * this with a {@link StoreFixture} factory and runs it unchanged; passing it is what "is a store" means.
 *
 * <p>The suite uses the store's own clock: times are compared with {@link Store#now()} within a
 * tolerance, and anything that must age does so through short real waits (a second at most), so it
 * needs no hook into the engine's clock.
 */
public abstract class StoreContract {
    /** How far apart two readings of "now" may be within one test step (slow CI machines included). */
    private static final TemporalUnitOffset CLOSE = within(5, ChronoUnit.SECONDS);
    private static final ObjectMapper JSON = new ObjectMapper();

    private StoreFixture fixture;
    private Store store;

    /** A fresh, migrated, isolated store for each test. */
    protected abstract StoreFixture createFixture();

    @BeforeEach
    void setUpFixture() {
        fixture = createFixture();
        store = fixture.store();
    }

    @AfterEach
    void closeFixture() {
        fixture.close();
    }

    /** Pausing, resuming and clearing queues; cancel requests for running jobs. */
    @Nested
    class QueueControl extends QueueControlContract {
        @Override
        protected Store store() {
            return store;
        }

        @Override
        protected StoreFixture fixture() {
            return fixture;
        }
    }

    /** Poison pills: crashes counted by rescues, quarantine at the limit, release by retry. */
    @Nested
    class CrashQuarantine extends CrashQuarantineContract {
        @Override
        protected Store store() {
            return store;
        }
    }

    /** Progress reports and outputs of executions. */
    @Nested
    class ProgressAndOutput extends ProgressContract {
        @Override
        protected Store store() {
            return store;
        }
    }

    // ---- inserts ------------------------------------------------------------------------------

    @Test
    void anInsertedJobKeepsEveryField() throws Exception {
        Instant before = store.now();
        NewJob full = new NewJob("mail.send", "mail", "{\"to\": \"a@b\", \"n\": [1, 2.5, null, true]}", 7, 9,
                JobState.AVAILABLE, null, Duration.ZERO, Duration.ofSeconds(42), List.of("x", "y z"),
                Map.of("tenant", "acme", "trace", "é 🚀"));
        long id = store.jobInsertMany(List.of(full)).get(0);

        Job job = store.jobGet(id).orElseThrow();
        assertThat(job.id()).isEqualTo(id);
        assertThat(job).extracting(Job::kind, Job::queue, Job::state, Job::priority, Job::maxAttempts, Job::timeout)
                .containsExactly("mail.send", "mail", JobState.AVAILABLE, 7, 9, Duration.ofSeconds(42));
        assertThat(JSON.readTree(job.args())).isEqualTo(JSON.readTree(full.args()));
        assertThat(job.tags()).containsExactly("x", "y z");
        assertThat(job.metadata()).containsExactlyInAnyOrderEntriesOf(full.metadata());
        assertThat(job.attempt()).isZero();
        assertThat(job.attemptedAt()).isNull();
        assertThat(job.attemptedBy()).isNull();
        assertThat(job.finishedAt()).isNull();
        assertThat(job.errors()).isEmpty();
        assertThat(job.errorCategory()).isNull();
        assertThat(job.createdAt()).isCloseTo(before, CLOSE);
        assertThat(job.scheduledAt()).isEqualTo(job.createdAt());
    }

    @Test
    void scheduledJobsAreDueAfterTheirDelayOrAtTheirRunAt() {
        Instant runAt = store.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.MILLIS);
        List<Long> ids = store.jobInsertMany(List.of(scheduledIn("q", Duration.ofMinutes(1)), scheduledAt("q", runAt)));

        Job delayed = store.jobGet(ids.get(0)).orElseThrow();
        assertThat(delayed.state()).isEqualTo(JobState.SCHEDULED);
        assertThat(delayed.scheduledAt()).isEqualTo(delayed.createdAt().plus(Duration.ofMinutes(1)));
        assertThat(store.jobGet(ids.get(1)).orElseThrow().scheduledAt()).isEqualTo(runAt);
        assertThat(store.jobClaim(new ClaimRequest("q", "n", 10))).as("not due yet").isEmpty();
    }

    @Test
    void aBulkInsertReturnsDistinctIdsInInputOrder() throws Exception {
        int size = 3_000;
        List<NewJob> jobs = IntStream.range(0, size)
                .mapToObj(i -> new NewJob("bulk", "q" + (i % 3), "{\"i\":" + i + "}", i % 4, 3,
                        i % 2 == 0 ? JobState.AVAILABLE : JobState.SCHEDULED, null, Duration.ofMinutes(i % 2), null,
                        List.of("t" + i), Map.of("i", Integer.toString(i))))
                .toList();
        List<Long> ids = store.jobInsertMany(jobs);

        assertThat(ids).hasSize(size).doesNotHaveDuplicates();
        for (int i : new int[] {0, 1, 1_499, size - 1}) {
            Job job = store.jobGet(ids.get(i)).orElseThrow();
            assertThat(JSON.readTree(job.args()).get("i").asInt()).isEqualTo(i);
            assertThat(job.queue()).isEqualTo("q" + (i % 3));
            assertThat(job.state()).isEqualTo(jobs.get(i).state());
            assertThat(job.tags()).containsExactly("t" + i);
        }
        assertThat(store.jobInsertMany(List.of())).isEmpty();
    }

    @Test
    void aTransactionalInsertExistsOnlyIfTheCallerCommits() throws SQLException {
        try (Connection tx = fixture.connection()) {
            tx.setAutoCommit(false);
            long rolledBack = store.jobInsertMany(tx, List.of(available("tx"))).get(0);
            tx.rollback();
            assertThat(store.jobGet(rolledBack)).isEmpty();

            List<Long> committed = store.jobInsertMany(tx, List.of(available("tx"), scheduledIn("tx", Duration.ofHours(1))));
            assertThat(committed).hasSize(2);
            assertThat(store.jobGet(committed.get(0))).as("invisible before the caller commits").isEmpty();
            assertThat(tx.getAutoCommit()).as("the store leaves the caller's transaction alone").isFalse();
            tx.commit();
            assertThat(store.jobGet(committed.get(0))).isPresent();
            assertThat(store.jobGet(committed.get(1)).orElseThrow().state()).isEqualTo(JobState.SCHEDULED);
            assertThat(store.jobInsertMany(tx, List.of())).isEmpty();
        }
        assertThat(store.jobList(JobFilter.all(10))).hasSize(2);
    }

    @Test
    void rowsInsertedWithPlainSqlGetTheDocumentedDefaults() throws Exception {
        sql("INSERT INTO %s (kind, queue, state, args) VALUES ('raw.kind', 'raw', 'available', '{}')");
        Job job = store.jobList(JobFilter.all(1)).get(0);
        assertThat(job).extracting(Job::priority, Job::attempt, Job::maxAttempts, Job::errorCategory)
                .containsExactly(0, 0, 20, null);
        assertThat(job.errors()).isEmpty();
        assertThat(job.tags()).isEmpty();
        assertThat(job.metadata()).isEmpty();
        assertThat(job.createdAt()).isCloseTo(store.now(), CLOSE);
        assertThat(store.jobClaim(new ClaimRequest("raw", "n", 1))).extracting(Job::id).containsExactly(job.id());
    }

    // ---- claims -------------------------------------------------------------------------------

    @Test
    void claimsTakeHighestPriorityThenEarliestDueThenLowestIdFromOneQueue() {
        Instant now = store.now();
        List<Long> ids = store.jobInsertMany(List.of(available("q", 0), available("q", 5), available("other", 9),
                available("q", 0), available("q", 5), scheduledAt("q", now.minusSeconds(10))));
        assertThat(store.jobStage(10)).isEqualTo(1);

        List<Job> first = store.jobClaim(new ClaimRequest("q", "node-a", 3));
        assertThat(first).extracting(Job::id).containsExactly(ids.get(1), ids.get(4), ids.get(5));
        assertThat(first).allSatisfy(job -> {
            assertThat(job.state()).isEqualTo(JobState.RUNNING);
            assertThat(job.attempt()).isEqualTo(1);
            assertThat(job.attemptedBy()).isEqualTo("node-a");
            assertThat(job.attemptedAt()).isCloseTo(now, CLOSE);
        });
        assertThat(store.jobClaim(new ClaimRequest("q", "node-b", 10))).extracting(Job::id)
                .containsExactly(ids.get(0), ids.get(3));
        assertThat(store.jobClaim(new ClaimRequest("q", "node-b", 10))).isEmpty();
        assertThat(store.jobClaim(new ClaimRequest("empty", "node-b", 10))).isEmpty();
        assertThat(store.jobGet(ids.get(2)).orElseThrow().state()).isEqualTo(JobState.AVAILABLE);
    }

    @Test
    void concurrentClaimersOnTwoStoresNeverGetTheSameJob() throws Exception {
        int total = 1_000;
        store.jobInsertMany(IntStream.range(0, total).mapToObj(i -> available("q")).toList());
        Store other = fixture.secondStore();
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        List<Callable<Void>> claimers = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            Store on = t % 2 == 0 ? store : other;
            String node = "node-" + t;
            claimers.add(() -> {
                List<Job> batch;
                while (!(batch = on.jobClaim(new ClaimRequest("q", node, 7))).isEmpty()) {
                    for (Job job : batch) {
                        if (!seen.add(job.id()) || !node.equals(job.attemptedBy())) {
                            duplicates.incrementAndGet();
                        }
                    }
                }
                return null;
            });
        }
        runTogether(claimers);
        assertThat(duplicates).hasValue(0);
        assertThat(seen).hasSize(total);
        assertThat(store.queueCounts()).containsExactly(new QueueCount("q", JobState.RUNNING, total));
    }

    // ---- completions --------------------------------------------------------------------------

    @Test
    void eachOutcomeMovesTheJobToItsState() {
        List<Long> ids = store.jobInsertMany(IntStream.range(0, 7).mapToObj(i -> available("q")).toList());
        store.jobClaim(new ClaimRequest("q", "n", 7));
        Instant now = store.now();
        Duration hour = Duration.ofHours(1);

        Set<Long> applied = store.jobCompleteMany(List.of(
                finish(ids.get(0), 1, JobState.COMPLETED),
                fail(ids.get(1), 1, JobState.RETRYABLE, hour, ErrorCategory.TRANSIENT),
                refund(ids.get(2), 1, JobState.SCHEDULED, hour),
                refund(ids.get(3), 1, JobState.AVAILABLE, Duration.ZERO),
                fail(ids.get(4), 1, JobState.HELD, Duration.ZERO, ErrorCategory.AUTHENTICATION),
                fail(ids.get(5), 1, JobState.DISCARDED, Duration.ZERO, ErrorCategory.PERMANENT),
                finish(ids.get(6), 1, JobState.CANCELLED)));
        assertThat(applied).containsExactlyInAnyOrderElementsOf(ids);

        Job completed = get(ids.get(0));
        assertThat(completed.state()).isEqualTo(JobState.COMPLETED);
        assertThat(completed.finishedAt()).isCloseTo(now, CLOSE);
        assertThat(completed.errors()).isEmpty();

        Job retryable = get(ids.get(1));
        assertThat(retryable.state()).isEqualTo(JobState.RETRYABLE);
        assertThat(retryable.scheduledAt()).isCloseTo(now.plus(hour), CLOSE);
        assertThat(retryable.finishedAt()).isNull();
        assertThat(retryable.errors()).containsExactly(error(1, ErrorCategory.TRANSIENT));
        assertThat(retryable.errorCategory()).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(retryable.maxAttempts()).as("a failure uses its attempt").isEqualTo(3);

        Job snoozed = get(ids.get(2));
        assertThat(snoozed.state()).isEqualTo(JobState.SCHEDULED);
        assertThat(snoozed.scheduledAt()).isCloseTo(now.plus(hour), CLOSE);
        assertThat(snoozed.attempt()).as("the attempt counter is the fence and only grows").isEqualTo(1);
        assertThat(snoozed.maxAttempts()).as("a refunded execution does not count").isEqualTo(4);

        Job handedBack = get(ids.get(3));
        assertThat(handedBack.state()).isEqualTo(JobState.AVAILABLE);
        assertThat(handedBack.maxAttempts()).isEqualTo(4);

        Job held = get(ids.get(4));
        assertThat(held.state()).isEqualTo(JobState.HELD);
        assertThat(held.finishedAt()).as("held is not final").isNull();
        assertThat(held.errorCategory()).isEqualTo(ErrorCategory.AUTHENTICATION);

        Job discarded = get(ids.get(5));
        assertThat(discarded.state()).isEqualTo(JobState.DISCARDED);
        assertThat(discarded.finishedAt()).isNotNull();
        assertThat(discarded.errorCategory()).isEqualTo(ErrorCategory.PERMANENT);

        assertThat(get(ids.get(6)).state()).isEqualTo(JobState.CANCELLED);
        assertThat(get(ids.get(6)).finishedAt()).isNotNull();
        assertThat(store.jobClaim(new ClaimRequest("q", "n", 10))).as("only the handed-back job is claimable")
                .extracting(Job::id).containsExactly(ids.get(3));
        assertThat(store.jobCompleteMany(List.of())).isEmpty();
    }

    @Test
    void completionsAreFencedByAttemptAndByTheJobStillRunning() {
        List<Long> ids = store.jobInsertMany(List.of(available("q"), available("q"), available("q")));
        store.jobClaim(new ClaimRequest("q", "n", 3));

        Set<Long> applied = store.jobCompleteMany(List.of(
                finish(ids.get(0), 2, JobState.COMPLETED),
                finish(ids.get(1), 1, JobState.COMPLETED),
                finish(999_999_999L, 1, JobState.COMPLETED)));
        assertThat(applied).as("only the matching attempt of an existing running job").containsExactly(ids.get(1));
        assertThat(get(ids.get(0)).state()).isEqualTo(JobState.RUNNING);
        assertThat(store.jobCompleteMany(List.of(fail(ids.get(1), 1, JobState.RETRYABLE, Duration.ZERO,
                ErrorCategory.TRANSIENT)))).as("a second outcome for the same attempt").isEmpty();
        assertThat(get(ids.get(1)).state()).isEqualTo(JobState.COMPLETED);

        store.jobCompleteMany(List.of(finish(ids.get(2), 1, JobState.DISCARDED)));
        store.jobRetry(ids.get(2));
        assertThat(store.jobCompleteMany(List.of(finish(ids.get(2), 1, JobState.COMPLETED))))
                .as("same attempt, but the job is no longer running").isEmpty();
        assertThat(get(ids.get(2)).state()).isEqualTo(JobState.AVAILABLE);
    }

    @Test
    void errorsAccumulateOnePerFailedAttempt() {
        long id = store.jobInsertMany(List.of(available("q"))).get(0);
        store.jobClaim(new ClaimRequest("q", "n", 1));
        store.jobCompleteMany(List.of(fail(id, 1, JobState.RETRYABLE, Duration.ZERO, ErrorCategory.TIMEOUT)));
        store.jobStage(10);
        assertThat(store.jobClaim(new ClaimRequest("q", "n", 1))).singleElement()
                .satisfies(job -> assertThat(job.attempt()).isEqualTo(2));
        store.jobCompleteMany(List.of(fail(id, 2, JobState.RETRYABLE, Duration.ZERO, ErrorCategory.TRANSIENT)));

        Job job = get(id);
        assertThat(job.errors()).containsExactly(error(1, ErrorCategory.TIMEOUT), error(2, ErrorCategory.TRANSIENT));
        assertThat(job.errorCategory()).as("the latest attempt's category").isEqualTo(ErrorCategory.TRANSIENT);
    }

    @Test
    void aNulInOneErrorDoesNotFailTheOthersInItsBatch() {
        List<Long> ids = store.jobInsertMany(List.of(available("q"), available("q")));
        store.jobClaim(new ClaimRequest("q", "n", 2));
        AttemptError nul = new AttemptError(1, store.now(), "n", "X", "bad\0byte", "", ErrorCategory.CODE, Duration.ZERO);
        assertThat(store.jobCompleteMany(List.of(
                new Completion(ids.get(0), 1, JobState.RETRYABLE, Duration.ZERO, nul, Completion.AttemptUse.CONSUMED),
                finish(ids.get(1), 1, JobState.COMPLETED)))).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(get(ids.get(0)).errors()).singleElement()
                .satisfies(e -> assertThat(e.message().replace("\0", "")).isEqualTo("badbyte"));
    }

    @Test
    void corruptJsonColumnsWrittenBySomeoneElseDoNotStopAClaimOrACompletion() throws Exception {
        sql("INSERT INTO %s (kind, queue, state, args, errors, tags, metadata) VALUES "
                + "('k', 'q', 'available', '{}', '{\"not\": \"a list\"}', '[1, null]', '[]')");
        sql("INSERT INTO %s (kind, queue, state, args, errors) VALUES ('k', 'q', 'available', '{}', '[{\"attempt\": \"x\"}]')");
        List<Job> claimed = store.jobClaim(new ClaimRequest("q", "n", 10));
        assertThat(claimed).hasSize(2).allSatisfy(job -> assertThat(job.errors()).isEmpty());
        assertThat(store.jobCompleteMany(claimed.stream()
                .map(job -> fail(job.id(), 1, JobState.RETRYABLE, Duration.ZERO, ErrorCategory.TRANSIENT)).toList()))
                .hasSize(2);
        assertThat(get(claimed.get(0).id()).errors()).contains(error(1, ErrorCategory.TRANSIENT));
    }

    // ---- staging, rescue, pruning -------------------------------------------------------------

    @Test
    void stagingMovesOnlyDueJobsAndRespectsTheLimit() {
        Instant now = store.now();
        List<Long> ids = store.jobInsertMany(List.of(scheduledAt("a", now.minusSeconds(5)),
                scheduledAt("a", now.minusSeconds(4)), scheduledAt("b", now.minusSeconds(3)),
                scheduledAt("a", now.plusSeconds(3_600)), available("r")));
        store.jobClaim(new ClaimRequest("r", "n", 1));
        store.jobCompleteMany(List.of(fail(ids.get(4), 1, JobState.RETRYABLE, Duration.ZERO, ErrorCategory.TRANSIENT)));

        assertThat(store.jobStage(2)).isEqualTo(2);
        assertThat(store.jobStage(10)).isEqualTo(2);
        assertThat(store.jobStage(10)).isZero();
        assertThat(store.queueCounts()).containsExactlyInAnyOrder(
                new QueueCount("a", JobState.AVAILABLE, 2), new QueueCount("a", JobState.SCHEDULED, 1),
                new QueueCount("b", JobState.AVAILABLE, 1), new QueueCount("r", JobState.AVAILABLE, 1));
    }

    @Test
    void jobsOfSilentNodesAreRescuedAndLiveNodesKeepTheirs() throws Exception {
        List<Long> ids = store.jobInsertMany(List.of(available("q"), available("q"), available("q"),
                withMaxAttempts("last", 1)));
        store.nodeHeartbeat(new NodeBeat("alive", "h", 1, List.of("q"), 1));
        store.nodeHeartbeat(new NodeBeat("silent", "h", 2, List.of("q"), 1));
        store.jobClaim(new ClaimRequest("q", "alive", 1));
        store.jobClaim(new ClaimRequest("q", "silent", 1));
        store.jobClaim(new ClaimRequest("q", "ghost", 1));
        store.jobClaim(new ClaimRequest("last", "ghost", 1));
        Thread.sleep(1_100);
        store.nodeHeartbeat(new NodeBeat("alive", "h", 1, List.of("q"), 1));
        Instant now = store.now();

        List<Job> rescued = store.jobRescue(new RescueRequest(Duration.ofSeconds(1), Duration.ofSeconds(30), "leader", 10));

        assertThat(rescued).extracting(Job::id).containsExactlyInAnyOrder(ids.get(1), ids.get(2), ids.get(3));
        Job retry = rescued.stream().filter(j -> j.id() == ids.get(1)).findFirst().orElseThrow();
        assertThat(retry.state()).isEqualTo(JobState.RETRYABLE);
        assertThat(retry.scheduledAt()).isCloseTo(now.plusSeconds(30), CLOSE);
        assertThat(retry.errors()).singleElement().satisfies(e -> {
            assertThat(e.errorClass()).isEqualTo("dev.stevedore.NodeLost");
            assertThat(e.message()).contains("silent").contains("leader");
            assertThat(e.node()).isEqualTo("silent");
            assertThat(e.attempt()).isEqualTo(1);
            assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
            assertThat(e.duration()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        });
        assertThat(get(ids.get(2)).errors()).singleElement().satisfies(e -> assertThat(e.node()).isEqualTo("ghost"));
        Job lastAttempt = get(ids.get(3));
        assertThat(lastAttempt.state()).as("rescued on its last attempt").isEqualTo(JobState.DISCARDED);
        assertThat(lastAttempt.finishedAt()).isNotNull();
        assertThat(get(ids.get(0)).state()).isEqualTo(JobState.RUNNING);

        assertThat(store.jobCompleteMany(List.of(finish(ids.get(1), 1, JobState.COMPLETED))))
                .as("the presumed-dead node's late result").isEmpty();
        assertThat(store.jobRescue(new RescueRequest(Duration.ofSeconds(1), Duration.ZERO, "leader", 10))).isEmpty();
    }

    @Test
    void aRescueThatReachesTheStoreAfterItsNotAfterTakesNothing() throws Exception {
        long id = store.jobInsertMany(List.of(available("q"))).get(0);
        store.jobClaim(new ClaimRequest("q", "ghost", 1));
        Thread.sleep(1_100);
        RescueRequest rescue = new RescueRequest(Duration.ofSeconds(1), Duration.ZERO, "leader", 10);

        // Judged a second ago, run now: as if the rescue had waited for a connection through an outage.
        assertThat(store.jobRescue(rescue.notAfter(store.now().minusSeconds(1)))).isEmpty();
        assertThat(get(id).state()).isEqualTo(JobState.RUNNING);

        assertThat(store.jobRescue(rescue.notAfter(store.now().plusSeconds(60)))).extracting(Job::id).containsExactly(id);
    }

    @Test
    void aRescuerNeverTakesItsOwnJobsEvenWhenItsHeartbeatIsStale() throws Exception {
        List<Long> ids = store.jobInsertMany(List.of(available("q"), available("q")));
        store.nodeHeartbeat(new NodeBeat("leader", "h", 1, List.of("q"), 1));
        store.jobClaim(new ClaimRequest("q", "leader", 1));
        store.jobClaim(new ClaimRequest("q", "ghost", 1));
        Thread.sleep(1_100);

        List<Job> rescued = store.jobRescue(new RescueRequest(Duration.ofSeconds(1), Duration.ZERO, "leader", 10));

        assertThat(rescued).extracting(Job::id).containsExactly(ids.get(1));
        assertThat(get(ids.get(0)).state()).as("the rescuer runs it").isEqualTo(JobState.RUNNING);
    }

    @Test
    void aNodeHandsBackItsOwnRunningJobsThatItDoesNotHold() throws Exception {
        List<Long> ids = store.jobInsertMany(List.of(available("q"), available("q"), available("q"), available("q")));
        store.nodeHeartbeat(new NodeBeat("worker-1", "h", 1, List.of("q"), 1));
        store.nodeHeartbeat(new NodeBeat("other", "h", 2, List.of("q"), 1));
        store.jobClaim(new ClaimRequest("q", "worker-1", 2));
        store.jobClaim(new ClaimRequest("q", "other", 1));
        Thread.sleep(1_100);
        store.jobClaim(new ClaimRequest("q", "worker-1", 1));
        // worker-1 holds the first job; the second's claim answer was lost; the fourth was claimed just now.
        store.nodeHeartbeat(new NodeBeat("worker-1", "h", 1, List.of("q"), 1));

        List<Job> handed = store.jobRescue(new RescueRequest(Duration.ofSeconds(1), Duration.ZERO, "worker-1", 10,
                RescueRequest.Scope.OWN_UNHELD, Set.of(ids.get(0))));

        assertThat(handed).extracting(Job::id).containsExactly(ids.get(1));
        assertThat(handed.get(0).state()).isEqualTo(JobState.RETRYABLE);
        assertThat(handed.get(0).errors()).singleElement().satisfies(e -> {
            assertThat(e.errorClass()).isEqualTo("dev.stevedore.NodeLost");
            assertThat(e.message()).contains("worker-1").contains("does not hold");
        });
        assertThat(get(ids.get(0)).state()).as("held").isEqualTo(JobState.RUNNING);
        assertThat(get(ids.get(2)).state()).as("another live node's job").isEqualTo(JobState.RUNNING);
        assertThat(get(ids.get(3)).state()).as("claimed within the time-out").isEqualTo(JobState.RUNNING);
        // As a node starts, under a fixed id, with nothing held: everything recorded under its id goes back.
        assertThat(store.jobRescue(new RescueRequest(Duration.ZERO, Duration.ZERO, "worker-1", 10,
                RescueRequest.Scope.OWN_UNHELD, Set.of()))).extracting(Job::id).containsExactlyInAnyOrder(ids.get(0), ids.get(3));
    }

    @Test
    void rescueTakesAtMostItsLimit() throws Exception {
        store.jobInsertMany(IntStream.range(0, 5).mapToObj(i -> available("q")).toList());
        store.jobClaim(new ClaimRequest("q", "ghost", 5));
        RescueRequest request = new RescueRequest(Duration.ofMillis(1), Duration.ZERO, "leader", 3);
        Thread.sleep(20);
        assertThat(store.jobRescue(request)).hasSize(3);
        assertThat(store.jobRescue(request)).hasSize(2);
    }

    @Test
    void pruningDeletesOnlyFinishedJobsPastTheirRetentionUpToTheLimit() throws Exception {
        List<Long> ids = store.jobInsertMany(IntStream.range(0, 8).mapToObj(i -> available("q")).toList());
        store.jobClaim(new ClaimRequest("q", "n", 7));
        store.jobCompleteMany(List.of(finish(ids.get(0), 1, JobState.COMPLETED), finish(ids.get(1), 1, JobState.COMPLETED),
                finish(ids.get(2), 1, JobState.COMPLETED), finish(ids.get(3), 1, JobState.DISCARDED),
                finish(ids.get(4), 1, JobState.CANCELLED),
                fail(ids.get(5), 1, JobState.HELD, Duration.ZERO, ErrorCategory.AUTHENTICATION)));
        Thread.sleep(50);
        Duration hour = Duration.ofHours(1);

        assertThat(store.jobPrune(new PruneRequest(hour, hour, 100))).as("nothing is old enough").isZero();
        assertThat(store.jobPrune(new PruneRequest(Duration.ZERO, hour, 2))).isEqualTo(2);
        assertThat(store.jobPrune(new PruneRequest(Duration.ZERO, hour, 100))).isEqualTo(1);
        assertThat(store.jobPrune(new PruneRequest(hour, Duration.ZERO, 100))).isEqualTo(2);
        assertThat(store.jobList(JobFilter.all(100))).as("held, running and available jobs stay")
                .extracting(Job::id).containsExactly(ids.get(7), ids.get(6), ids.get(5));
    }

    // ---- reads and operator actions -----------------------------------------------------------

    @Test
    void listingIsNewestFirstKeysetPagedAndFiltered() {
        List<Long> ids = store.jobInsertMany(IntStream.range(0, 10)
                .mapToObj(i -> ContractJobs.kindIn(i % 2 == 0 ? "even" : "odd", "q" + (i % 3))).toList());
        store.jobClaim(new ClaimRequest("q1", "n", 1));

        List<Job> page = store.jobList(JobFilter.all(4));
        assertThat(page).extracting(Job::id).containsExactly(ids.get(9), ids.get(8), ids.get(7), ids.get(6));
        assertThat(store.jobList(new JobFilter(Set.of(), null, null, page.get(3).id(), 3)))
                .extracting(Job::id).containsExactly(ids.get(5), ids.get(4), ids.get(3));
        assertThat(store.jobList(new JobFilter(Set.of(JobState.AVAILABLE), "q0", "even", null, 100)))
                .extracting(Job::id).containsExactly(ids.get(6), ids.get(0));
        assertThat(store.jobList(new JobFilter(Set.of(JobState.RUNNING, JobState.HELD), null, null, null, 100)))
                .extracting(Job::id).containsExactly(ids.get(1));
        assertThat(store.jobList(new JobFilter(Set.of(), "q'; DROP TABLE jobs; --", null, null, 100))).isEmpty();
        assertThat(store.jobGet(-1)).isEmpty();
    }

    @Test
    void cancelStopsWaitingJobsAndLeavesRunningAndFinishedOnesAlone() {
        Instant now = store.now();
        List<Long> ids = store.jobInsertMany(List.of(available("q"), scheduledIn("q", Duration.ofHours(1)),
                available("r"), available("h"), available("run"), available("done")));
        store.jobClaim(new ClaimRequest("r", "n", 1));
        store.jobClaim(new ClaimRequest("h", "n", 1));
        store.jobClaim(new ClaimRequest("run", "n", 1));
        store.jobClaim(new ClaimRequest("done", "n", 1));
        store.jobCompleteMany(List.of(fail(ids.get(2), 1, JobState.RETRYABLE, Duration.ofHours(1), ErrorCategory.TRANSIENT),
                fail(ids.get(3), 1, JobState.HELD, Duration.ZERO, ErrorCategory.AUTHENTICATION),
                finish(ids.get(5), 1, JobState.COMPLETED)));

        for (long id : ids.subList(0, 4)) {
            Job cancelled = store.jobCancel(id, "not needed").orElseThrow();
            assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
            assertThat(cancelled.finishedAt()).isCloseTo(now, CLOSE);
            assertThat(cancelled.cancellation().reason()).isEqualTo("not needed");
            assertThat(cancelled.cancellation().requestedAt()).isCloseTo(now, CLOSE);
        }
        Job running = store.jobCancel(ids.get(4), "stop it").orElseThrow();
        assertThat(running.state()).as("a running job only gets a request").isEqualTo(JobState.RUNNING);
        assertThat(running.cancelPending()).isTrue();
        assertThat(running.finishedAt()).isNull();
        Job done = store.jobCancel(ids.get(5), "too late").orElseThrow();
        assertThat(done.state()).isEqualTo(JobState.COMPLETED);
        assertThat(done.cancellation()).as("a finished job is left alone").isNull();
        Job again = store.jobCancel(ids.get(0), "twice").orElseThrow();
        assertThat(again.state()).as("already final").isEqualTo(JobState.CANCELLED);
        assertThat(again.cancellation().reason()).isEqualTo("not needed");
        assertThat(store.jobCancel(-1, "none")).isEmpty();
    }

    @Test
    void retryMakesStoppedAndWaitingJobsAvailableNowWithAnAttemptToSpare() {
        Instant now = store.now();
        List<Long> ids = store.jobInsertMany(List.of(withMaxAttempts("held", 1), available("disc"), available("canc"),
                scheduledIn("sched", Duration.ofDays(1)), available("retry"), available("run"), available("done")));
        for (String queue : List.of("held", "disc", "retry", "run", "done")) {
            store.jobClaim(new ClaimRequest(queue, "n", 1));
        }
        store.jobCompleteMany(List.of(fail(ids.get(0), 1, JobState.HELD, Duration.ZERO, ErrorCategory.AUTHENTICATION),
                finish(ids.get(1), 1, JobState.DISCARDED),
                fail(ids.get(4), 1, JobState.RETRYABLE, Duration.ofDays(1), ErrorCategory.TRANSIENT),
                finish(ids.get(6), 1, JobState.COMPLETED)));
        store.jobCancel(ids.get(2), "by mistake");

        for (long id : List.of(ids.get(0), ids.get(1), ids.get(2), ids.get(3), ids.get(4))) {
            Job retried = store.jobRetry(id).orElseThrow();
            assertThat(retried.state()).isEqualTo(JobState.AVAILABLE);
            assertThat(retried.scheduledAt()).isCloseTo(now, CLOSE);
            assertThat(retried.finishedAt()).isNull();
            assertThat(retried.maxAttempts()).isGreaterThan(retried.attempt());
        }
        assertThat(get(ids.get(0)).maxAttempts()).as("one more attempt for a job that used them all").isEqualTo(2);
        assertThat(get(ids.get(1)).maxAttempts()).as("attempts left: nothing granted").isEqualTo(3);
        assertThat(get(ids.get(0)).errors()).as("history is kept").hasSize(1);
        assertThat(get(ids.get(2)).cancellation()).as("a retried job is no longer cancelled").isNull();
        assertThat(store.jobRetry(ids.get(5)).orElseThrow().state()).isEqualTo(JobState.RUNNING);
        assertThat(store.jobRetry(ids.get(6)).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
        assertThat(store.jobRetry(-1)).isEmpty();
        assertThat(store.jobClaim(new ClaimRequest("held", "n", 1))).singleElement()
                .satisfies(job -> assertThat(job.attempt()).isEqualTo(2));
    }

    @Test
    void queueCountsCoverEveryQueueAndState() {
        assertThat(store.queueCounts()).isEmpty();
        List<Long> ids = store.jobInsertMany(List.of(available("a"), available("a"), available("a"),
                scheduledIn("b", Duration.ofHours(1))));
        store.jobClaim(new ClaimRequest("a", "n", 1));
        store.jobCompleteMany(List.of(finish(ids.get(0), 1, JobState.COMPLETED)));
        store.jobClaim(new ClaimRequest("a", "n", 1));
        assertThat(store.queueCounts()).containsExactlyInAnyOrder(new QueueCount("a", JobState.COMPLETED, 1),
                new QueueCount("a", JobState.RUNNING, 1), new QueueCount("a", JobState.AVAILABLE, 1),
                new QueueCount("b", JobState.SCHEDULED, 1));
    }

    // ---- nodes and leadership -----------------------------------------------------------------

    @Test
    void heartbeatsRegisterNodesKeepTheirStartTimeAndNodesCanLeave() throws Exception {
        store.nodeHeartbeat(new NodeBeat("a", "host-a", 11, List.of("q1", "q2"), 0));
        store.nodeHeartbeat(new NodeBeat("b", "host-b", 12, List.of(), 0));
        NodeInfo first = node("a");
        assertThat(first.heartbeatAt()).isCloseTo(store.now(), CLOSE);
        Thread.sleep(20);
        store.nodeHeartbeat(new NodeBeat("a", "host-a", 11, List.of("q1"), 5));

        NodeInfo second = node("a");
        assertThat(second.startedAt()).isEqualTo(first.startedAt());
        assertThat(second.heartbeatAt()).isAfter(first.heartbeatAt());
        assertThat(second).extracting(NodeInfo::host, NodeInfo::pid, NodeInfo::queues, NodeInfo::running)
                .containsExactly("host-a", 11L, List.of("q1"), 5);
        assertThat(second.health()).isEqualTo(NodeHealth.UNKNOWN);

        // Health comes and goes with each beat: memory, and the job running longest (or none).
        Instant since = Instant.parse("2026-11-23T10:15:30.123Z");
        store.nodeHeartbeat(new NodeBeat("a", "host-a", 11, List.of("q1"), 2,
                new NodeHealth(64L << 20, 256L << 20, 300L << 20, 42L, since)));
        assertThat(node("a").health()).isEqualTo(new NodeHealth(64L << 20, 256L << 20, 300L << 20, 42L, since));
        store.nodeHeartbeat(new NodeBeat("a", "host-a", 11, List.of("q1"), 0, new NodeHealth(1, 2, -1, null, null)));
        assertThat(node("a").health()).isEqualTo(new NodeHealth(1, 2, -1, null, null));
        store.nodeRemove("a");
        store.nodeRemove("never-registered");
        assertThat(store.nodeList()).extracting(NodeInfo::nodeId).containsExactly("b");
    }

    @Test
    void theLeaseHasOneHolderUntilItExpiresOrIsResigned() throws Exception {
        Store other = fixture.secondStore();
        assertThat(store.leaderGet()).isEmpty();
        assertThat(store.leaderElect("a", Duration.ofMinutes(1))).isTrue();
        assertThat(other.leaderElect("b", Duration.ofMinutes(1))).isFalse();
        assertThat(store.leaderElect("a", Duration.ofMinutes(1))).as("renewal").isTrue();
        assertThat(other.leaderGet()).contains("a");
        other.leaderResign("b");
        assertThat(store.leaderGet()).as("only the holder can resign").contains("a");
        store.leaderResign("a");
        assertThat(store.leaderGet()).isEmpty();

        assertThat(other.leaderElect("b", Duration.ofMillis(300))).isTrue();
        Thread.sleep(500);
        assertThat(store.leaderGet()).as("an expired lease has no holder").isEmpty();
        assertThat(store.leaderElect("a", Duration.ofMinutes(1))).isTrue();
        assertThat(other.leaderGet()).contains("a");
    }

    @Test
    void concurrentElectionsHaveOneWinner() throws Exception {
        Store other = fixture.secondStore();
        List<String> winners = Collections.synchronizedList(new ArrayList<>());
        List<Callable<Void>> candidates = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Store on = i % 2 == 0 ? store : other;
            String id = "candidate-" + i;
            candidates.add(() -> {
                if (on.leaderElect(id, Duration.ofMinutes(1))) {
                    winners.add(id);
                }
                return null;
            });
        }
        runTogether(candidates);
        assertThat(winners).hasSize(1);
        assertThat(store.leaderGet()).contains(winners.get(0));
    }

    // ---- clock, wake-ups, schema, lifecycle ---------------------------------------------------

    @Test
    void theStoreClockIsCloseToTheSystemClock() {
        assertThat(store.now()).isCloseTo(Instant.now(), CLOSE);
    }

    @Test
    void subscribersHearQueuesThatGetAvailableJobsOncePerWrite() throws Exception {
        Notifier notifier = store.notifier().orElse(null);
        if (notifier == null) {
            return; // polling-only store: nothing to hear; the runtime contract proves polling suffices
        }
        List<String> heard = new CopyOnWriteArrayList<>();
        try (AutoCloseable subscription = notifier.subscribe(heard::add)) {
            List<Long> ids = store.jobInsertMany(List.of(available("mail"), available("mail"), available("mail"),
                    scheduledIn("later", Duration.ofHours(1)), available("back")));
            await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains("mail") && heard.contains("back"));

            store.jobInsertMany(List.of(scheduledAt("staged", store.now().minusSeconds(1))));
            store.jobStage(10);
            await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains("staged"));

            store.jobClaim(new ClaimRequest("back", "n", 1));
            heard.clear();
            store.jobCompleteMany(List.of(refund(ids.get(4), 1, JobState.AVAILABLE, Duration.ZERO)));
            await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains("back"));
            Thread.sleep(200);
            assertThat(heard).containsExactly("back");
        }
        heard.clear();
        store.jobInsertMany(List.of(available("mail")));
        Thread.sleep(200);
        assertThat(heard).as("nothing after the subscription is closed").isEmpty();
    }

    @Test
    void migrationsGoDownToNothingAndBackUp() {
        MigrationStatus status = store.migrationStatus();
        assertThat(status.latest()).isPositive();
        assertThat(status.applied()).isEqualTo(status.latest());
        assertThat(status.pending()).isFalse();
        assertThat(store.migrateUp()).as("idempotent").isEqualTo(status.latest());
        store.jobInsertMany(List.of(available("q")));

        assertThat(store.migrateDown(0)).isZero();
        assertThat(store.migrationStatus()).isEqualTo(new MigrationStatus(0, status.latest()));
        assertThatThrownBy(() -> store.jobGet(1)).isInstanceOf(StoreException.class);
        assertThat(store.migrateDown(0)).isZero();
        assertThat(store.migrateUp()).isEqualTo(status.latest());
        assertThat(store.jobList(JobFilter.all(10))).as("down 0 drops the data").isEmpty();
        assertThat(store.jobInsertMany(List.of(available("q")))).hasSize(1);
        assertThatThrownBy(() -> store.migrateDown(status.latest() + 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aClosedStoreFailsClearlyAndClosingTwiceIsHarmless() {
        store.close();
        store.close();
        assertThatThrownBy(() -> store.jobGet(1)).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.jobInsertMany(List.of(available("q")))).isInstanceOf(StoreException.class);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private Job get(long id) {
        return store.jobGet(id).orElseThrow(() -> new AssertionError("job " + id + " is gone"));
    }

    private NodeInfo node(String nodeId) {
        return store.nodeList().stream().filter(n -> n.nodeId().equals(nodeId)).findFirst()
                .orElseThrow(() -> new AssertionError("node " + nodeId + " is not listed"));
    }

    /** Runs one statement against the jobs table; {@code %s} stands for its name. */
    private void sql(String statement) throws SQLException {
        try (Connection c = fixture.connection(); Statement s = c.createStatement()) {
            s.execute(statement.formatted(fixture.table("jobs")));
        }
    }

    /** Starts every task at the same moment and waits for all; the first failure fails the test. */
    private static void runTogether(List<Callable<Void>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (Callable<Void> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            for (Future<Void> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
