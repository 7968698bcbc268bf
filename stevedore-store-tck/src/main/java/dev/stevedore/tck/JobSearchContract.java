package dev.stevedore.tck;

import static dev.stevedore.tck.ContractJobs.finish;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.AttemptError;
import dev.stevedore.ErrorCategory;
import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.JobFilter;
import dev.stevedore.spi.NewJob;
import dev.stevedore.spi.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an operator's job list and job page need from a store: filters by tag, creation time and text
 * inside the arguments, both orders with keyset pages, discarding and deleting one job, and one job's
 * failure records.
 */
public abstract class JobSearchContract {
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

    private static NewJob job(String queue, String args, List<String> tags) {
        return new NewJob(ContractJobs.KIND, queue, args, 0, 3, JobState.AVAILABLE, null, Duration.ZERO, null, tags,
                Map.of());
    }

    private List<Long> ids(JobFilter filter) {
        return store.jobList(filter).stream().map(Job::id).toList();
    }

    @Test
    void filtersByTagByTextInsideTheArgumentsAndByCreationTime() {
        List<Long> ids = store.jobInsertMany(List.of(
                job("q", "{\"email\":\"Alice@example.com\",\"n\":1}", List.of("vip", "eu")),
                job("q", "{\"email\":\"bob@example.com\",\"n\":2}", List.of("eu")),
                job("q", "{\"note\":\"100% off_sale\"}", List.of())));

        assertThat(ids(JobFilter.all(10).tagged("vip"))).containsExactly(ids.get(0));
        assertThat(ids(JobFilter.all(10).tagged("eu"))).containsExactly(ids.get(1), ids.get(0));
        assertThat(ids(JobFilter.all(10).tagged("v"))).as("a whole tag, not a part").isEmpty();
        assertThat(ids(JobFilter.all(10).argsContaining("alice@EXAMPLE"))).as("case-insensitive")
                .containsExactly(ids.get(0));
        assertThat(ids(JobFilter.all(10).argsContaining("example.com"))).containsExactly(ids.get(1), ids.get(0));
        assertThat(ids(JobFilter.all(10).argsContaining("0% off_"))).as("% and _ are plain characters")
                .containsExactly(ids.get(2));
        assertThat(ids(JobFilter.all(10).argsContaining("%"))).containsExactly(ids.get(2));
        assertThat(ids(JobFilter.all(10).argsContaining("' OR 1=1 --"))).isEmpty();

        Instant now = store.now();
        assertThat(ids(JobFilter.all(10).created(now.minusSeconds(3600), now.plusSeconds(60)))).hasSize(3);
        assertThat(ids(JobFilter.all(10).created(now.plusSeconds(60), null))).isEmpty();
        assertThat(ids(JobFilter.all(10).created(null, now.minusSeconds(3600)))).isEmpty();
        assertThat(ids(new JobFilter(Set.of(JobState.AVAILABLE), "q", ContractJobs.KIND, null, 10)
                .tagged("eu").argsContaining("bob"))).containsExactly(ids.get(1));
    }

    @Test
    void pagesByKeyNewestOrOldestFirstWithoutSkippingOrRepeating() {
        List<NewJob> jobs = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            jobs.add(job(i % 2 == 0 ? "even" : "odd", "{\"i\":" + i + "}", List.of()));
        }
        List<Long> ids = store.jobInsertMany(jobs);

        JobFilter newest = new JobFilter(Set.of(), "even", null, null, 2);
        assertThat(ids(newest)).containsExactly(ids.get(6), ids.get(4));
        assertThat(ids(newest.after(ids.get(4)))).containsExactly(ids.get(2), ids.get(0));
        assertThat(ids(newest.after(ids.get(0)))).isEmpty();

        JobFilter oldest = newest.ordered(JobFilter.Order.OLDEST_FIRST);
        assertThat(ids(oldest)).containsExactly(ids.get(0), ids.get(2));
        assertThat(ids(oldest.after(ids.get(2)))).containsExactly(ids.get(4), ids.get(6));
        assertThat(ids(oldest.after(ids.get(6)))).isEmpty();
        assertThat(ids(JobFilter.all(10).ordered(JobFilter.Order.OLDEST_FIRST))).isSorted().hasSize(7);
    }

    @Test
    void discardingGivesUpOnAWaitingJobWithAnErrorSayingWhoAndLeavesOthersAlone() {
        List<Long> ids = store.jobInsertMany(List.of(ContractJobs.available("q"), ContractJobs.available("running"),
                ContractJobs.scheduledAt("q", Job.AWAITING_UPSTREAM)));

        Job discarded = store.jobDiscard(ids.get(0), "operator-node", "discarded by an operator").orElseThrow();
        assertThat(discarded.state()).isEqualTo(JobState.DISCARDED);
        assertThat(discarded.finishedAt()).isNotNull();
        assertThat(discarded.errorCategory()).isEqualTo(ErrorCategory.PERMANENT);
        AttemptError error = discarded.errors().get(discarded.errors().size() - 1);
        assertThat(error.errorClass()).isEqualTo("dev.stevedore.OperatorDiscard");
        assertThat(error.message()).isEqualTo("discarded by an operator");
        assertThat(error.node()).isEqualTo("operator-node");
        assertThat(error.category()).isEqualTo(ErrorCategory.PERMANENT);
        assertThat(store.jobDiscard(ids.get(0), "n", "again").orElseThrow().errors()).as("final: unchanged")
                .hasSize(discarded.errors().size());

        Job claimed = store.jobClaim(new ClaimRequest("running", "node", 1)).get(0);
        assertThat(store.jobDiscard(claimed.id(), "n", "r").orElseThrow().state()).isEqualTo(JobState.RUNNING);
        assertThat(store.jobDiscard(ids.get(2), "n", "r").orElseThrow().state()).as("a step waits for its workflow")
                .isEqualTo(JobState.SCHEDULED);
        assertThat(store.jobDiscard(Long.MAX_VALUE, "n", "r")).isEmpty();
    }

    @Test
    void deletingRemovesOnlyFinishedJobs() {
        List<Long> ids = store.jobInsertMany(List.of(ContractJobs.available("q"), ContractJobs.available("q")));
        Job running = store.jobClaim(new ClaimRequest("q", "node", 1)).get(0);
        assertThat(store.jobDelete(running.id())).as("running").isFalse();
        long waiting = running.id() == ids.get(0) ? ids.get(1) : ids.get(0);
        assertThat(store.jobDelete(waiting)).as("waiting").isFalse();

        store.jobCompleteMany(List.of(finish(running.id(), running.attempt(), JobState.COMPLETED)));
        assertThat(store.jobDelete(running.id())).isTrue();
        assertThat(store.jobGet(running.id())).isEmpty();
        assertThat(store.jobDelete(running.id())).as("gone already").isFalse();

        store.jobDiscard(waiting, "n", "r");
        assertThat(store.jobDelete(waiting)).isTrue();
        assertThat(store.jobGet(waiting)).isEmpty();
    }

    @Test
    void oneJobsFailuresAreListedNewestFirstWithTheirIssues() {
        Instant at = store.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        java.util.function.BiFunction<Long, Integer, dev.stevedore.spi.FailureRecord> failure = (jobId, attempt) ->
                new dev.stevedore.spi.FailureRecord(jobId == 7 ? "00000000000000aa" : "00000000000000bb", jobId, "tck.kind",
                        "q", "{}", "java.io.IOException", "boom " + attempt, "", ErrorCategory.TRANSIENT, true, attempt,
                        "node", Duration.ofMillis(3), at.plusMillis(attempt), List.of(), Map.of());
        store.failureRecord(List.of(failure.apply(7L, 1), failure.apply(8L, 1), failure.apply(7L, 2), failure.apply(9L, 1)));

        List<dev.stevedore.Failure> seven = store.failureList(dev.stevedore.FailureQuery.newest(10).job(7));
        assertThat(seven).extracting(dev.stevedore.Failure::attempt).containsExactly(2, 1);
        assertThat(seven).extracting(dev.stevedore.Failure::issue).containsOnly("00000000000000aa");
        assertThat(store.failureList(dev.stevedore.FailureQuery.newest(1).job(7).before(seven.get(0))))
                .extracting(dev.stevedore.Failure::attempt).containsExactly(1);
        assertThat(store.failureList(dev.stevedore.FailureQuery.newest(10).job(8).issue("00000000000000aa"))).isEmpty();
        assertThat(store.failureList(dev.stevedore.FailureQuery.newest(10).job(404))).isEmpty();
        assertThat(store.failureList(dev.stevedore.FailureQuery.newest(10))).hasSize(4);
    }

    @Test
    void retryLeavesAWorkflowStepWaitingForItsUpstreamJobsToItsWorkflow() {
        long waiting = store.jobInsertMany(List.of(ContractJobs.scheduledAt("q", Job.AWAITING_UPSTREAM))).get(0);
        long later = store.jobInsertMany(List.of(ContractJobs.scheduledIn("q", Duration.ofHours(1)))).get(0);

        Job unchanged = store.jobRetry(waiting).orElseThrow();
        assertThat(unchanged.state()).isEqualTo(JobState.SCHEDULED);
        assertThat(unchanged.awaitingUpstream()).isTrue();
        assertThat(store.jobRetry(later).orElseThrow().state()).as("an ordinary scheduled job runs now")
                .isEqualTo(JobState.AVAILABLE);
    }
}
