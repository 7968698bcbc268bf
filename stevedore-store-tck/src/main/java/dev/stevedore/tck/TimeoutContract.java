package dev.stevedore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.AttemptError;
import dev.stevedore.ErrorCategory;
import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.ExpireRequest;
import dev.stevedore.spi.NewJob;
import dev.stevedore.spi.Store;
import dev.stevedore.spi.UniqueKey;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Start deadlines, job deadlines and heartbeat timeouts at the store: every insert path keeps them,
 * the leader's sweep ({@link Store#jobExpire}) discards exactly the waiting jobs past one, on the
 * store's clock, and an operator's retry lifts a deadline that has passed. The runtime side is
 * {@link TimeoutRuntimeContract}, a group of {@link RuntimeContract}.
 */
public abstract class TimeoutContract {
    /** Short enough to pass at once, long enough that a job inserted with it is not past it yet. */
    private static final Duration SOON = Duration.ofMillis(50);
    private static final Duration LATER = Duration.ofHours(1);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private StoreFixture fixture;
    private Store store;

    /** A fresh, migrated, isolated store for each test. */
    protected abstract StoreFixture createFixture();

    @BeforeEach
    void setUp() {
        fixture = createFixture();
        store = fixture.store();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private static NewJob job(String queue, Duration delay, NewJob.TimeLimits limits) {
        return new NewJob(ContractJobs.KIND, queue, "{}", 0, 3, delay.isZero() ? JobState.AVAILABLE : JobState.SCHEDULED,
                null, delay, null, List.of(), Map.of(), null, limits);
    }

    private static NewJob.TimeLimits startWithin(Duration within) {
        return new NewJob.TimeLimits(within, null, null, null);
    }

    private static NewJob.TimeLimits deadlineIn(Duration in) {
        return new NewJob.TimeLimits(null, null, in, null);
    }

    private long insert(NewJob job) {
        return store.jobInsertMany(List.of(job)).get(0);
    }

    private Job get(long id) {
        return store.jobGet(id).orElseThrow();
    }

    /** Waits until the store's clock is past {@code moment}. */
    private void storeClockPasses(@Nullable Instant moment) {
        assertThat(moment).isNotNull();
        await().atMost(WAIT).until(() -> store.now().isAfter(moment));
    }

    private List<Job> sweep(int limit) {
        return store.jobExpire(new ExpireRequest("sweeper-node", limit));
    }

    private static AttemptError lastError(Job job) {
        return job.errors().get(job.errors().size() - 1);
    }

    // ---- insert ------------------------------------------------------------------------------------

    @Test
    void everyInsertPathKeepsTheLimitsOnTheStoresClock() throws Exception {
        Instant absolute = Instant.parse("2031-02-03T04:05:06.789Z");
        NewJob.TimeLimits relative = new NewJob.TimeLimits(Duration.ofMinutes(5), null, Duration.ofHours(2),
                Duration.ofSeconds(30));
        NewJob.TimeLimits fixed = new NewJob.TimeLimits(null, absolute, null, null);
        List<NewJob> sent = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (int batch : new int[] {1, 5, 100}) { // one row, a small batch, a bulk batch (COPY on PostgreSQL)
            List<NewJob> jobs = IntStream.range(0, batch)
                    .mapToObj(i -> job("q", i % 2 == 0 ? Duration.ZERO : Duration.ofMinutes(1), i % 3 == 2 ? fixed : relative))
                    .toList();
            sent.addAll(jobs);
            ids.addAll(store.jobInsertMany(jobs));
        }
        NewJob unique = new NewJob(ContractJobs.KIND, "q", "{}", 0, 3, JobState.SCHEDULED, null, Duration.ofMinutes(1),
                null, List.of(), Map.of(), new UniqueKey("timeouts-unique", EnumSet.of(JobState.SCHEDULED), null), relative);
        sent.add(unique);
        ids.add(store.jobInsertUnique(unique).id());
        try (Connection c = fixture.connection()) {
            List<NewJob> inTransaction = List.of(job("q", Duration.ZERO, relative), job("q", Duration.ZERO, fixed));
            sent.addAll(inTransaction);
            ids.addAll(store.jobInsertMany(c, inTransaction));
        }

        for (int i = 0; i < ids.size(); i++) {
            Job job = get(ids.get(i));
            if (sent.get(i).limits() == fixed) {
                assertThat(job).as("job %d", i).extracting(Job::startBy, Job::deadline, Job::heartbeatTimeout)
                        .containsExactly(null, absolute, null);
            } else {
                assertThat(job.startBy()).as("job %d: its due time + startWithin", i)
                        .isEqualTo(job.scheduledAt().plus(Duration.ofMinutes(5)));
                assertThat(job.deadline()).as("job %d: its insert time + deadline", i)
                        .isEqualTo(job.createdAt().plus(Duration.ofHours(2)));
                assertThat(job.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(30));
            }
        }
        Job plain = get(insert(ContractJobs.available("q")));
        assertThat(plain).extracting(Job::startBy, Job::deadline, Job::heartbeatTimeout).containsOnlyNulls();
    }

    // ---- the sweep: start deadlines ------------------------------------------------------------------

    @Test
    void theSweepDiscardsJobsNeverStartedPastTheirStartDeadlineAndNothingElse() {
        long late = insert(job("q", Duration.ZERO, startWithin(SOON)));
        long inTime = insert(job("q", Duration.ZERO, startWithin(LATER)));
        long plain = insert(ContractJobs.available("q"));
        long runningLate = insert(job("running", Duration.ZERO, startWithin(SOON)));
        store.jobClaim(new ClaimRequest("running", "node-a", 1));
        long startedOnce = insert(job("handed-back", Duration.ZERO, startWithin(SOON)));
        store.jobClaim(new ClaimRequest("handed-back", "node-a", 1));
        store.jobCompleteMany(List.of(ContractJobs.refund(startedOnce, 1, JobState.AVAILABLE, Duration.ZERO)));
        storeClockPasses(get(late).startBy());
        storeClockPasses(get(startedOnce).startBy());

        List<Job> expired = sweep(100);

        assertThat(expired).extracting(Job::id).containsExactly(late);
        Job job = get(late);
        assertThat(job.state()).isEqualTo(JobState.DISCARDED);
        assertThat(job.finishedAt()).isNotNull();
        assertThat(job.attempt()).as("it never ran").isZero();
        assertThat(job.errorCategory()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(job.errors()).singleElement().satisfies(e -> {
            assertThat(e.errorClass()).isEqualTo("dev.stevedore.StartDeadline");
            assertThat(e.category()).isEqualTo(ErrorCategory.TIMEOUT);
            assertThat(e.node()).isEqualTo("sweeper-node");
            assertThat(e.attempt()).isZero();
            assertThat(e.message()).contains("startWithin PT0.05S", "start deadline", "without running");
        });
        assertThat(expired.get(0).errors()).as("returned in its new state").hasSize(1);
        assertThat(get(inTime).state()).isEqualTo(JobState.AVAILABLE);
        assertThat(get(plain).state()).isEqualTo(JobState.AVAILABLE);
        assertThat(get(runningLate).state()).as("running jobs are their node's business").isEqualTo(JobState.RUNNING);
        assertThat(get(startedOnce).state()).as("only the first start counts").isEqualTo(JobState.AVAILABLE);
        assertThat(sweep(100)).as("nothing twice").isEmpty();
    }

    @Test
    void aScheduledJobsStartDeadlineCountsFromItsRunAt() {
        long scheduled = insert(job("q", Duration.ofSeconds(1), startWithin(SOON)));
        Job job = get(scheduled);
        assertThat(job.startBy()).isEqualTo(job.scheduledAt().plus(SOON));
        assertThat(sweep(100)).as("before it is due plus startWithin").isEmpty();
        storeClockPasses(job.startBy());
        assertThat(sweep(100)).extracting(Job::id).containsExactly(scheduled);
        assertThat(lastError(get(scheduled)).message()).contains("startWithin PT0.05S");
    }

    // ---- the sweep: job deadlines --------------------------------------------------------------------

    @Test
    void theSweepDiscardsJobsWaitingPastTheirJobDeadlineInEveryWaitingState() {
        long available = insert(job("q", Duration.ZERO, deadlineIn(SOON)));
        long scheduled = insert(job("q", LATER, deadlineIn(SOON)));
        long retryable = insert(job("failing", Duration.ZERO, deadlineIn(SOON)));
        store.jobClaim(new ClaimRequest("failing", "node-a", 1));
        store.jobCompleteMany(List.of(ContractJobs.fail(retryable, 1, JobState.RETRYABLE, LATER, ErrorCategory.TRANSIENT)));
        long running = insert(job("running", Duration.ZERO, deadlineIn(SOON)));
        store.jobClaim(new ClaimRequest("running", "node-a", 1));
        long held = insert(job("held", Duration.ZERO, deadlineIn(SOON)));
        store.jobClaim(new ClaimRequest("held", "node-a", 1));
        store.jobCompleteMany(List.of(ContractJobs.fail(held, 1, JobState.HELD, Duration.ZERO, ErrorCategory.AUTHENTICATION)));
        long ahead = insert(job("q", Duration.ZERO, deadlineIn(LATER)));
        storeClockPasses(get(available).deadline());
        storeClockPasses(get(running).deadline());

        List<Job> expired = sweep(100);

        assertThat(expired).extracting(Job::id).containsExactlyInAnyOrder(available, scheduled, retryable);
        assertThat(expired).allSatisfy(job -> {
            assertThat(job.state()).isEqualTo(JobState.DISCARDED);
            assertThat(job.finishedAt()).isNotNull();
            assertThat(lastError(job).errorClass()).isEqualTo("dev.stevedore.JobDeadline");
            assertThat(lastError(job).category()).isEqualTo(ErrorCategory.TIMEOUT);
            assertThat(lastError(job).message()).contains("job deadline", "discarded by sweeper-node");
        });
        assertThat(lastError(get(scheduled)).message()).contains("while the job was scheduled");
        Job wasRetryable = get(retryable);
        assertThat(wasRetryable.errors()).as("the attempt's own error stays").hasSize(2);
        assertThat(lastError(wasRetryable).attempt()).isEqualTo(1);
        assertThat(lastError(wasRetryable).message()).contains("while the job was retryable");
        assertThat(get(running).state()).isEqualTo(JobState.RUNNING);
        assertThat(get(held).state()).as("held jobs wait for their operator").isEqualTo(JobState.HELD);
        assertThat(get(ahead).state()).isEqualTo(JobState.AVAILABLE);
    }

    @Test
    void aJobPastBothDeadlinesIsDiscardedOnceAsNeverStarted() {
        long both = insert(job("q", Duration.ZERO, new NewJob.TimeLimits(SOON, null, SOON, null)));
        storeClockPasses(get(both).deadline());
        storeClockPasses(get(both).startBy());

        assertThat(sweep(100)).extracting(Job::id).containsExactly(both);
        assertThat(get(both).errors()).singleElement()
                .satisfies(e -> assertThat(e.errorClass()).isEqualTo("dev.stevedore.StartDeadline"));
    }

    @Test
    void theSweepTakesAtMostItsLimitOfEachKindPerCall() {
        List<Long> late = IntStream.range(0, 3).mapToObj(i -> insert(job("q", Duration.ZERO, startWithin(SOON)))).toList();
        List<Long> overdue = IntStream.range(0, 3).mapToObj(i -> insert(job("q", Duration.ZERO, deadlineIn(SOON)))).toList();
        storeClockPasses(get(late.get(2)).startBy());
        storeClockPasses(get(overdue.get(2)).deadline());

        List<Job> first = sweep(2);
        List<Job> second = sweep(2);

        assertThat(first).hasSize(4);
        assertThat(first).filteredOn(j -> late.contains(j.id())).hasSize(2);
        assertThat(second).hasSize(2);
        assertThat(sweep(2)).isEmpty();
    }

    @Test
    void twoSweepersAtOnceDiscardEachJobOnce() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(insert(job("q", Duration.ZERO, i % 2 == 0 ? startWithin(SOON) : deadlineIn(SOON))));
        }
        storeClockPasses(get(ids.get(39)).deadline());
        storeClockPasses(get(ids.get(38)).startBy());
        try (Store other = fixture.secondStore()) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<List<Job>>> sweeps = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    Store sweeper = i % 2 == 0 ? store : other;
                    sweeps.add(pool.submit(() -> sweeper.jobExpire(new ExpireRequest("sweeper", 5))));
                }
                List<Long> expired = new ArrayList<>();
                for (Future<List<Job>> sweepResult : sweeps) {
                    sweepResult.get().forEach(j -> expired.add(j.id()));
                }
                while (expired.size() < ids.size()) {
                    List<Job> more = sweep(100);
                    assertThat(more).as("the sweep still finds the rest").isNotEmpty();
                    more.forEach(j -> expired.add(j.id()));
                }
                assertThat(expired).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(ids).allSatisfy(id -> assertThat(get(id).errors()).hasSize(1));
    }

    // ---- operator retry ----------------------------------------------------------------------------

    @Test
    void anOperatorsRetryLiftsADeadlineThatPassedAndKeepsOneStillAhead() {
        long expired = insert(job("q", Duration.ZERO, new NewJob.TimeLimits(SOON, null, SOON, null)));
        long cancelled = insert(job("q", Duration.ZERO, new NewJob.TimeLimits(LATER, null, LATER, null)));
        storeClockPasses(get(expired).deadline());
        storeClockPasses(get(expired).startBy());
        assertThat(sweep(100)).extracting(Job::id).containsExactly(expired);
        store.jobCancel(cancelled, "not now");
        Instant startBy = get(cancelled).startBy();
        Instant deadline = get(cancelled).deadline();

        Job retried = store.jobRetry(expired).orElseThrow();
        Job retriedAhead = store.jobRetry(cancelled).orElseThrow();

        assertThat(retried.state()).isEqualTo(JobState.AVAILABLE);
        assertThat(retried.startBy()).isNull();
        assertThat(retried.deadline()).isNull();
        assertThat(sweep(100)).as("a retried job is not swept again").isEmpty();
        assertThat(retriedAhead.startBy()).isEqualTo(startBy);
        assertThat(retriedAhead.deadline()).isEqualTo(deadline);
    }
}
