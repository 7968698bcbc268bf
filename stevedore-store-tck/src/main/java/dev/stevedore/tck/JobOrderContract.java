package dev.stevedore.tck;

import static dev.stevedore.tck.ContractJobs.finish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.ErrorCategory;
import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.Completion;
import dev.stevedore.spi.JobCursor;
import dev.stevedore.spi.JobFilter;
import dev.stevedore.spi.JobFilter.Order;
import dev.stevedore.spi.NewJob;
import dev.stevedore.spi.Store;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The job list's time orders: waiting jobs next to run (earliest scheduled time first) and finished
 * jobs latest first, each with ties broken by id, paged with a {@link JobCursor} across those ties
 * without losing or repeating a job, combined with every other filter, bounded by {@code until} where
 * {@link Store#jobListReach} says a window of rows ends, and refused where the request makes no sense.
 */
public abstract class JobOrderContract {
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

    private static NewJob waiting(String queue, Instant at, String args, List<String> tags) {
        return new NewJob(ContractJobs.KIND, queue, args, 0, 3, JobState.SCHEDULED, at, Duration.ZERO, null, tags, Map.of());
    }

    private List<Long> ids(JobFilter filter) {
        return store.jobList(filter).stream().map(Job::id).toList();
    }

    /** Every job {@code first} lists, following {@link JobFilter#after(Job)} page by page, each id once. */
    private List<Long> walk(JobFilter first) {
        List<Long> seen = new ArrayList<>();
        JobFilter page = first;
        for (int pages = 0; pages < 100; pages++) {
            List<Job> jobs = store.jobList(page);
            jobs.forEach(job -> seen.add(job.id()));
            if (jobs.size() < page.limit()) {
                assertThat(new HashSet<>(seen)).as("no job twice").hasSameSizeAs(seen);
                return seen;
            }
            page = page.after(jobs.get(jobs.size() - 1));
        }
        throw new AssertionError("more than 100 pages");
    }

    /** The jobs of {@code ids} as the store has them, in {@code order}'s order computed here, not by the store. */
    private List<Long> sorted(List<Long> ids, Order order) {
        Comparator<Job> byTime = Comparator.comparing(order::time);
        Comparator<Job> byTimeThenId = byTime.thenComparing(Job::id);
        return ids.stream().map(id -> store.jobGet(id).orElseThrow())
                .sorted(order == Order.NEXT_TO_RUN ? byTimeThenId : byTimeThenId.reversed()).map(Job::id).toList();
    }

    /** Claims every available job of {@code queue} and settles them in one batch, so they share one finished time. */
    private List<Long> finishTogether(String queue, int n, JobState state) {
        List<Long> ids = store.jobInsertMany(java.util.Collections.nCopies(n, ContractJobs.available(queue)));
        List<Completion> outcomes = store.jobClaim(new ClaimRequest(queue, "node", n)).stream()
                .map(job -> finish(job.id(), job.attempt(), state)).toList();
        assertThat(store.jobCompleteMany(outcomes)).hasSize(n);
        return ids;
    }

    private void sql(String statement) {
        try (Connection c = fixture.connection(); Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        } catch (SQLException e) {
            throw new AssertionError(statement, e);
        }
    }

    @Test
    void nextToRunListsWaitingJobsEarliestDueFirstTiesByIdAndPagesAcrossTheTies() {
        Instant base = store.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        List<Long> ids = new ArrayList<>(store.jobInsertMany(List.of(waiting("w", base.plusSeconds(2), "{}", List.of()),
                waiting("w", base, "{}", List.of()), waiting("w", base, "{}", List.of()), waiting("w", base, "{}", List.of()),
                waiting("w", base.plusSeconds(1), "{}", List.of()), ContractJobs.available("w"))));
        long available = ids.remove(ids.size() - 1);
        finishTogether("done", 1, JobState.COMPLETED);
        // A retryable job due in an hour: before every scheduled one.
        store.jobInsertMany(List.of(ContractJobs.available("retry")));
        Job claimed = store.jobClaim(new ClaimRequest("retry", "node", 1)).get(0);
        store.jobCompleteMany(List.of(ContractJobs.fail(claimed.id(), claimed.attempt(), JobState.RETRYABLE,
                Duration.ofHours(1), ErrorCategory.TRANSIENT)));
        ids.add(claimed.id());

        List<Long> expected = sorted(ids, Order.NEXT_TO_RUN);
        assertThat(expected.get(0)).as("the retryable job is due first").isEqualTo(claimed.id());
        assertThat(expected.subList(1, 4)).as("three due at once, by id").isSorted();
        JobFilter next = JobFilter.all(50).ordered(Order.NEXT_TO_RUN);
        assertThat(next.states()).as("no state filter: the order's states")
                .containsExactlyInAnyOrder(JobState.SCHEDULED, JobState.RETRYABLE);
        assertThat(ids(next)).containsExactlyElementsOf(expected).doesNotContain(available);
        for (int limit : List.of(1, 2, 3)) {
            assertThat(walk(JobFilter.all(limit).ordered(Order.NEXT_TO_RUN))).as("pages of " + limit)
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void latestFinishedListsFinishedJobsLatestFirstTiesByHigherIdAndPagesAcrossTheTies() {
        List<Long> ids = new ArrayList<>(finishTogether("f", 4, JobState.COMPLETED));
        ids.addAll(finishTogether("f", 2, JobState.DISCARDED));
        long cancelled = store.jobInsertMany(List.of(ContractJobs.available("f"))).get(0);
        store.jobCancel(cancelled, "not needed");
        ids.add(cancelled);
        // Two of the four that finished together finished a minute earlier, still together.
        sql(TimeShift.back(fixture, "jobs", "finished_at", "id IN (" + ids.get(1) + ", " + ids.get(3) + ")", 60));
        store.jobInsertMany(List.of(ContractJobs.available("f")));

        List<Long> expected = sorted(ids, Order.LATEST_FINISHED);
        assertThat(expected.subList(expected.size() - 2, expected.size())).as("the minute-earlier pair, higher id first")
                .containsExactly(ids.get(3), ids.get(1));
        assertThat(ids(JobFilter.all(50).ordered(Order.LATEST_FINISHED))).containsExactlyElementsOf(expected);
        for (int limit : List.of(1, 2, 3)) {
            assertThat(walk(JobFilter.all(limit).ordered(Order.LATEST_FINISHED))).as("pages of " + limit)
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void theTimeOrdersApplyEveryOtherFilter() {
        Instant at = store.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        List<Long> w = store.jobInsertMany(List.of(waiting("mail", at, "{\"email\":\"Ann@example.com\"}", List.of("vip")),
                waiting("mail", at.plusSeconds(1), "{\"email\":\"bob@example.com\"}", List.of()),
                waiting("sms", at, "{\"email\":\"ann@example.com\"}", List.of("vip")),
                new NewJob("tck.other", "mail", "{}", 0, 3, JobState.SCHEDULED, at, Duration.ZERO, null, List.of(), Map.of())));
        List<Long> done = finishTogether("mail", 2, JobState.COMPLETED);
        List<Long> gaveUp = finishTogether("mail", 1, JobState.DISCARDED);
        JobFilter next = JobFilter.all(50).ordered(Order.NEXT_TO_RUN);
        JobFilter finished = JobFilter.all(50).ordered(Order.LATEST_FINISHED);
        Instant now = store.now();

        assertThat(ids(new JobFilter(Set.of(), "mail", ContractJobs.KIND, null, null, null, null, Order.NEXT_TO_RUN, null,
                null, 50))).containsExactly(w.get(0), w.get(1));
        assertThat(ids(next.tagged("vip"))).containsExactly(w.get(0), w.get(2));
        assertThat(ids(next.argsContaining("ANN@"))).containsExactly(w.get(0), w.get(2));
        assertThat(ids(next.tagged("vip").argsContaining("ann").created(now.minusSeconds(3600), now.plusSeconds(60))))
                .containsExactly(w.get(0), w.get(2));
        assertThat(ids(next.created(now.plusSeconds(60), null))).isEmpty();
        assertThat(ids(new JobFilter(Set.of(JobState.RETRYABLE), null, null, null, null, null, null, Order.NEXT_TO_RUN,
                null, null, 50))).as("a narrower state").isEmpty();

        assertThat(ids(new JobFilter(Set.of(JobState.DISCARDED), "mail", null, null, null, null, null,
                Order.LATEST_FINISHED, null, null, 50))).containsExactlyElementsOf(gaveUp);
        assertThat(ids(finished.argsContaining("ann"))).isEmpty();
        assertThat(ids(new JobFilter(Set.of(), "sms", null, null, null, null, null, Order.LATEST_FINISHED, null, null, 50)))
                .isEmpty();
        assertThat(ids(finished)).containsExactlyInAnyOrderElementsOf(
                java.util.stream.Stream.concat(done.stream(), gaveUp.stream()).toList());
    }

    @Test
    void aReachBoundsHowFarAPageReadsAndThePlacePastItGoesOn() {
        Instant at = store.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        List<Long> w = store.jobInsertMany(List.of(waiting("r", at, "{}", List.of()),
                waiting("r", at.plusSeconds(1), "{}", List.of()), waiting("r", at.plusSeconds(1), "{}", List.of()),
                waiting("r", at.plusSeconds(2), "{\"needle\":1}", List.of())));
        JobFilter next = JobFilter.all(50).ordered(Order.NEXT_TO_RUN);

        assertThat(store.jobListReach(next, 1)).contains(at);
        assertThat(store.jobListReach(next, 2)).as("the second job's time").contains(at.plusSeconds(1));
        assertThat(store.jobListReach(next, 4)).contains(at.plusSeconds(2));
        assertThat(store.jobListReach(next, 5)).as("fewer jobs lie beyond").isEmpty();
        Job first = store.jobGet(w.get(0)).orElseThrow();
        assertThat(store.jobListReach(next.after(first), 1)).as("counted from the cursor's instant").contains(at);
        assertThat(store.jobListReach(next.after(first), 2)).contains(at.plusSeconds(1));
        Job third = store.jobGet(w.get(2)).orElseThrow();
        assertThat(store.jobListReach(next.after(third), 3)).as("both jobs of that instant, then the next")
                .contains(at.plusSeconds(2));
        assertThat(store.jobListReach(next.after(JobCursor.pastAll(Order.NEXT_TO_RUN, at.plusSeconds(1))), 1))
                .as("past all of an instant: counted from beyond it, so a window always moves on")
                .contains(at.plusSeconds(2));

        // Bounded at the second job's time, the page reads all of that instant's jobs, and no further.
        Instant reach = store.jobListReach(next, 2).orElseThrow();
        assertThat(ids(next.until(reach))).containsExactly(w.get(0), w.get(1), w.get(2));
        assertThat(ids(next.argsContaining("needle").until(reach))).isEmpty();
        JobFilter beyond = next.argsContaining("needle").after(JobCursor.pastAll(Order.NEXT_TO_RUN, reach));
        assertThat(ids(beyond)).containsExactly(w.get(3));
        assertThat(ids(next.after(JobCursor.pastAll(Order.NEXT_TO_RUN, at)))).containsExactly(w.get(1), w.get(2), w.get(3));

        List<Long> done = finishTogether("r", 2, JobState.COMPLETED);
        sql(TimeShift.back(fixture, "jobs", "finished_at", "id = " + done.get(0), 60));
        JobFilter finished = JobFilter.all(50).ordered(Order.LATEST_FINISHED);
        Instant latest = store.jobGet(done.get(1)).orElseThrow().finishedAt();
        assertThat(store.jobListReach(finished, 1)).contains(latest);
        assertThat(ids(finished.until(latest))).containsExactly(done.get(1));
        assertThat(ids(finished.after(JobCursor.pastAll(Order.LATEST_FINISHED, latest)))).containsExactly(done.get(0));
        assertThat(store.jobListReach(finished, 3)).isEmpty();
        assertThat(store.jobListReach(finished.after(JobCursor.pastAll(Order.LATEST_FINISHED, latest)), 1))
                .contains(store.jobGet(done.get(0)).orElseThrow().finishedAt());
    }

    @Test
    void requestsThatMakeNoSenseAreRefusedSayingWhy() {
        assertThatThrownBy(() -> new JobFilter(Set.of(JobState.COMPLETED), null, null, null, null, null, null,
                Order.NEXT_TO_RUN, null, null, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("NEXT_TO_RUN lists only scheduled, retryable jobs, not completed");
        assertThatThrownBy(() -> new JobFilter(Set.of(JobState.HELD, JobState.DISCARDED), null, null, null, null, null,
                null, Order.LATEST_FINISHED, null, null, 10)).hasMessageContaining("not held");
        assertThatThrownBy(() -> new JobFilter(Set.of(), null, null, null, null, null, null, Order.LATEST_FINISHED, 5L,
                null, 10)).hasMessageContaining("beforeId and afterId page the id orders");
        assertThatThrownBy(() -> JobFilter.all(10).after(new JobCursor(Instant.EPOCH, 1)))
                .hasMessageContaining("a cursor and until page the time orders");
        assertThatThrownBy(() -> JobFilter.all(10).ordered(Order.NEXT_TO_RUN).quarantined())
                .hasMessageContaining("quarantined jobs are held");
        JobFilter next = JobFilter.all(10).ordered(Order.NEXT_TO_RUN).after(new JobCursor(Instant.parse("2030-01-01T00:00:00Z"), 7));
        long later = store.jobInsertMany(List.of(waiting("b", Instant.parse("2029-06-01T00:00:00Z"), "{}", List.of()),
                waiting("b", Instant.parse("2030-06-01T00:00:00Z"), "{}", List.of()))).get(1);
        assertThat(ids(next)).containsExactly(later);
        assertThat(ids(next.until(Instant.parse("2029-12-01T00:00:00Z")))).as("a bound before the cursor: nothing")
                .isEmpty();
        assertThatThrownBy(() -> store.jobListReach(JobFilter.all(10), 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not NEWEST_FIRST");
        assertThatThrownBy(() -> store.jobListReach(next, 0)).hasMessage("rows must be ≥ 1, was 0");

        JobCursor cursor = new JobCursor(Instant.parse("2026-12-07T10:00:00.123456Z"), 42);
        assertThat(JobCursor.parse(cursor.text())).isEqualTo(cursor);
        assertThat(cursor.text()).isEqualTo("2026-12-07T10:00:00.123456Z/42");
        for (String bad : List.of("", "42", "/42", "2026-12-07T10:00:00Z/", "2026-12-07T10:00:00Z/-1", "yesterday/4",
                "2026-12-07T10:00:00Z/99999999999999999999", "2026-12-07T10:00:00Z/4x")) {
            assertThatThrownBy(() -> JobCursor.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("a cursor is TIME/ID");
        }
    }
}
