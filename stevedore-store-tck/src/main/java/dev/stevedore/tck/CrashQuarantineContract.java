package dev.stevedore.tck;

import static dev.stevedore.tck.ContractJobs.fail;
import static dev.stevedore.tck.ContractJobs.withMaxAttempts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.stevedore.ErrorCategory;
import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.CrashLimit;
import dev.stevedore.spi.JobFilter;
import dev.stevedore.spi.RescueRequest;
import dev.stevedore.spi.Store;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Poison pills: a rescue that counts crashes records one on each job it takes from a dead node, and a
 * job that reaches the crash limit within the window is held as quarantined instead of retried. Run as
 * a {@code @Nested} group of {@link StoreContract}, so every store runs it unchanged.
 *
 * <p>Jobs are claimed by a node that never heartbeats ({@code ghost}), which the rescue treats as dead.
 */
public abstract class CrashQuarantineContract {
    private static final CrashLimit THREE_AN_HOUR = new CrashLimit(3, Duration.ofHours(1));

    /** The store under test (the enclosing contract's). */
    protected abstract Store store();

    @Test
    void theThirdCrashQuarantinesAJobThatOrdinaryRetriesWouldHaveDiscarded() {
        Store store = store();
        long id = store.jobInsertMany(List.of(withMaxAttempts("q", 2))).get(0);

        Job first = crash(id, THREE_AN_HOUR);
        assertThat(first.state()).isEqualTo(JobState.RETRYABLE);
        assertThat(first.maxAttempts()).as("the crashed attempt is given back").isEqualTo(3);
        assertThat(first.quarantinedAt()).isNull();
        assertThat(lastMessage(first)).contains("stopped heartbeating").contains("crash 1 of 3 within PT1H");

        Job second = crash(id, THREE_AN_HOUR);
        assertThat(second.state()).as("two crashes, out of ordinary attempts were they counted")
                .isEqualTo(JobState.RETRYABLE);
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(lastMessage(second)).contains("crash 2 of 3");

        Job third = crash(id, THREE_AN_HOUR);
        assertThat(third.state()).isEqualTo(JobState.HELD);
        assertThat(third.quarantined()).isTrue();
        assertThat(third.quarantinedAt()).isCloseTo(store.now(), within(5, ChronoUnit.SECONDS));
        assertThat(third.finishedAt()).as("held is not final").isNull();
        assertThat(third.errors()).hasSize(3).allSatisfy(e -> assertThat(e.errorClass()).isEqualTo("dev.stevedore.NodeLost"));
        assertThat(lastMessage(third)).contains("quarantined after crashing its worker 3 time(s) within PT1H");
        assertThat(store.jobGet(id).orElseThrow()).isEqualTo(third);
        assertThat(store.jobClaim(new ClaimRequest("q", "n", 10))).as("a quarantined job is not claimed").isEmpty();
    }

    @Test
    void theQuarantinedFilterListsQuarantinedJobsOnlyAndARetryReleasesOneWithAFreshCrashBudget() {
        Store store = store();
        List<Long> ids = store.jobInsertMany(List.of(withMaxAttempts("q", 5), withMaxAttempts("other", 5)));
        long poison = ids.get(0);
        long authHeld = ids.get(1);
        store.jobClaim(new ClaimRequest("other", "n", 1));
        store.jobCompleteMany(List.of(fail(authHeld, 1, JobState.HELD, Duration.ZERO, ErrorCategory.AUTHENTICATION)));
        CrashLimit two = new CrashLimit(2, Duration.ofHours(1));
        crash(poison, two);
        crash(poison, two);

        JobFilter quarantined = JobFilter.all(100).quarantined();
        assertThat(store.jobList(quarantined)).extracting(Job::id).containsExactly(poison);
        assertThat(store.jobList(quarantined.ordered(JobFilter.Order.OLDEST_FIRST))).extracting(Job::id)
                .containsExactly(poison);
        assertThat(store.jobList(JobFilter.all(100).quarantined().after(poison))).isEmpty();
        assertThat(store.jobList(new JobFilter(Set.of(JobState.HELD), null, null, null, 100))).extracting(Job::id)
                .as("a job held for its credentials is held, not quarantined").containsExactlyInAnyOrder(poison, authHeld);
        // "All matching" (the dashboard's bulk form, the CLI's --all-matching) keeps the restriction.
        List<Long> matching = new java.util.ArrayList<>();
        dev.stevedore.spi.MatchingJobs.forEachPage(store, quarantined, 100, page -> page.forEach(j -> matching.add(j.id())));
        assertThat(matching).containsExactly(poison);

        Job released = store.jobRetry(poison).orElseThrow();
        assertThat(released.state()).isEqualTo(JobState.AVAILABLE);
        assertThat(released.quarantinedAt()).isNull();
        assertThat(store.jobList(quarantined)).isEmpty();
        Job again = crash(poison, two);
        assertThat(again.state()).as("the retry cleared the crash history").isEqualTo(JobState.RETRYABLE);
        assertThat(lastMessage(again)).contains("crash 1 of 2");
    }

    @Test
    void crashesOlderThanTheWindowNoLongerCount() throws Exception {
        Store store = store();
        long id = store.jobInsertMany(List.of(withMaxAttempts("q", 5))).get(0);
        CrashLimit twoASecond = new CrashLimit(2, Duration.ofSeconds(1));

        crash(id, twoASecond);
        Thread.sleep(1_100);
        Job afterTheWindow = crash(id, twoASecond);
        assertThat(afterTheWindow.state()).isEqualTo(JobState.RETRYABLE);
        assertThat(lastMessage(afterTheWindow)).contains("crash 1 of 2");

        assertThat(crash(id, twoASecond).state()).as("two crashes within a second").isEqualTo(JobState.HELD);
    }

    @Test
    void handlerFailuresAreNotCrashesAndARescueCountingNoCrashUsesUpTheAttempt() {
        Store store = store();
        List<Long> ids = store.jobInsertMany(List.of(withMaxAttempts("q", 9), withMaxAttempts("last", 1)));
        long failing = ids.get(0);
        CrashLimit two = new CrashLimit(2, Duration.ofHours(1));
        for (int attempt = 1; attempt <= 3; attempt++) {
            store.jobClaim(new ClaimRequest("q", "n", 1));
            store.jobCompleteMany(List.of(fail(failing, attempt, JobState.AVAILABLE, Duration.ZERO, ErrorCategory.CODE)));
        }
        Job crashed = crash(failing, two);
        assertThat(crashed.state()).as("three exceptions and one crash").isEqualTo(JobState.RETRYABLE);
        assertThat(lastMessage(crashed)).contains("crash 1 of 2");

        store.jobClaim(new ClaimRequest("last", "ghost", 1));
        List<Job> uncounted = store.jobRescue(new RescueRequest(Duration.ofSeconds(1), Duration.ZERO, "leader", 10));
        assertThat(uncounted).singleElement().satisfies(job -> {
            assertThat(job.state()).as("its last attempt, used up").isEqualTo(JobState.DISCARDED);
            assertThat(lastMessage(job)).doesNotContain("crash");
        });
    }

    @Test
    void aCrashedJobWithACancelRequestIsCancelledNotQuarantined() {
        Store store = store();
        long id = store.jobInsertMany(List.of(withMaxAttempts("q", 5))).get(0);
        store.jobClaim(new ClaimRequest("q", "ghost", 1));
        store.jobCancel(id, "operator");

        List<Job> rescued = store.jobRescue(new RescueRequest(Duration.ofSeconds(1), Duration.ZERO, "leader", 10)
                .countingCrashes(new CrashLimit(1, Duration.ofHours(1))));

        assertThat(rescued).singleElement().satisfies(job -> {
            assertThat(job.state()).isEqualTo(JobState.CANCELLED);
            assertThat(job.quarantinedAt()).isNull();
        });
    }

    /** Claims the job on a node that never beats, then rescues it counting crashes. */
    private Job crash(long id, CrashLimit limit) {
        Store store = store();
        Job job = store.jobGet(id).orElseThrow();
        if (job.state() == JobState.RETRYABLE) {
            store.jobStage(100);
        }
        assertThat(store.jobClaim(new ClaimRequest(job.queue(), "ghost", 1))).extracting(Job::id).containsExactly(id);
        List<Job> rescued = store.jobRescue(new RescueRequest(Duration.ofSeconds(1), Duration.ZERO, "leader", 10)
                .countingCrashes(limit));
        assertThat(rescued).extracting(Job::id).containsExactly(id);
        return rescued.get(0);
    }

    private static String lastMessage(Job job) {
        return job.errors().get(job.errors().size() - 1).message();
    }
}
