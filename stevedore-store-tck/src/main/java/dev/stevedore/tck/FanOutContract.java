package dev.stevedore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.FanOutOptions;
import dev.stevedore.FanOutResult;
import dev.stevedore.FanOutSource;
import dev.stevedore.Job;
import dev.stevedore.JobKind;
import dev.stevedore.JobState;
import dev.stevedore.Stevedore;
import dev.stevedore.spi.FanOutPage;
import dev.stevedore.spi.FanOutState;
import dev.stevedore.spi.JobFilter;
import dev.stevedore.spi.NewJob;
import dev.stevedore.spi.Store;
import dev.stevedore.spi.UniqueKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Staggered fan-out through the public API on a real store: every item once, in its time slot, and a
 * run resumed after an interruption (or raced by a second runner) neither loses nor repeats an item.
 */
public abstract class FanOutContract {
    @JobKind("tck.fan-out")
    public record Sync(long account) {}

    private StoreFixture fixture;
    private Stevedore stevedore;

    /** A fresh, migrated, isolated store for each test. */
    protected abstract StoreFixture createFixture();

    @BeforeEach
    void setUp() {
        fixture = createFixture();
        stevedore = node(fixture.store());
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    /** An unstarted node: a fan-out only enqueues. */
    private static Stevedore node(Store store) {
        return Stevedore.builder().store(store).handle(Sync.class, (ctx, job) -> {}).build();
    }

    /** Accounts 0..size-1 by keyset paging over the id, recording every cursor it is asked for. */
    private static final class Accounts implements FanOutSource<Long> {
        final List<@Nullable String> cursors = Collections.synchronizedList(new ArrayList<>());
        private final int size;
        private final int failOnCall;
        private int calls;

        Accounts(int size, int failOnCall) {
            this.size = size;
            this.failOnCall = failOnCall;
        }

        @Override
        public synchronized Page<Long> page(@Nullable String cursor, int limit) {
            cursors.add(cursor);
            if (++calls == failOnCall) {
                throw new IllegalStateException("the accounts database went away");
            }
            long from = cursor == null ? 0 : Long.parseLong(cursor) + 1;
            List<Long> ids = LongStream.range(from, Math.min(size, from + limit)).boxed().toList();
            return from + limit >= size ? Page.last(ids) : Page.of(ids, Long.toString(ids.get(ids.size() - 1)));
        }
    }

    private List<Job> jobs() {
        return fixture.store().jobList(new JobFilter(Set.of(), null, "tck.fan-out", null, 10_000));
    }

    /** How many jobs each account got. */
    private Map<String, Long> jobsPerAccount() {
        return jobs().stream().collect(Collectors.groupingBy(Job::args, Collectors.counting()));
    }

    @Test
    void everyItemIsEnqueuedOnceInsideItsSlot() {
        Duration slot = Duration.ofSeconds(10);
        FanOutResult result = stevedore.fanOut("sync", "day-1", new Accounts(1000, 0), Sync::new,
                f -> f.perSlot(100).slotWidth(slot).pageSize(64).job(o -> o.queue("sync").tags("fan")));

        assertThat(result.items()).isEqualTo(1000);
        assertThat(result.enqueued()).isEqualTo(1000);
        assertThat(result.finishedAt()).isAfterOrEqualTo(result.startedAt());
        List<Job> jobs = jobs();
        assertThat(jobsPerAccount()).hasSize(1000).allSatisfy((account, count) -> assertThat(count).isEqualTo(1));
        Map<Long, Long> perSlot = new TreeMap<>();
        for (Job job : jobs) {
            long position = Long.parseLong(job.metadata().get("stevedore.fanout.position"));
            Instant slotStart = result.startedAt().plus(slot.multipliedBy(position / 100));
            assertThat(job.scheduledAt()).as("job at position %d", position)
                    .isAfterOrEqualTo(slotStart).isBefore(slotStart.plus(slot));
            perSlot.merge(position / 100, 1L, Long::sum);
            assertThat(job.queue()).isEqualTo("sync");
            assertThat(job.tags()).containsExactly("fan");
            assertThat(job.metadata()).containsEntry("stevedore.fanout", "sync").containsEntry("stevedore.fanout.run", "day-1");
        }
        assertThat(perSlot).hasSize(10).allSatisfy((s, count) -> assertThat(count).isEqualTo(100));
        assertThat(jobs.stream().map(Job::scheduledAt).distinct().count())
                .as("jitter spreads a slot's jobs instead of stacking them on its edge").isGreaterThan(900);
        assertThat(jobs.stream().filter(j -> j.state() == JobState.SCHEDULED)).as("slots 2..10 lie ahead").hasSizeGreaterThan(800);
    }

    @Test
    void anInterruptedFanOutResumesWhereItStoppedAndEnqueuesEveryItemExactlyOnce() {
        Accounts failing = new Accounts(500, 4);
        Function<Long, Sync> job = Sync::new;
        assertThatThrownBy(() -> stevedore.fanOut("sync", "day-1", failing, job, f -> f.pageSize(50)))
                .hasMessageContaining("went away");
        assertThat(jobs()).as("the three pages before the failure").hasSize(150);

        Accounts resumed = new Accounts(500, 0);
        FanOutResult result = stevedore.fanOut("sync", "day-1", resumed, job, f -> f.pageSize(50));
        assertThat(resumed.cursors.get(0)).as("resumes after the last page enqueued").isEqualTo("149");
        assertThat(resumed.cursors).hasSize(7);
        assertThat(result.items()).isEqualTo(500);
        assertThat(result.enqueued()).isEqualTo(500);
        assertThat(jobsPerAccount()).hasSize(500).allSatisfy((account, count) -> assertThat(count).isEqualTo(1));

        // A failure part-way through building a page: none of that page is enqueued, all of it later.
        Function<Long, Sync> brittle = id -> {
            if (id == 120) {
                throw new IllegalArgumentException("account 120 is malformed");
            }
            return new Sync(id);
        };
        assertThatThrownBy(() -> stevedore.fanOut("sync", "day-2", new Accounts(500, 0), brittle, f -> f.pageSize(50)))
                .hasMessageContaining("malformed");
        assertThat(jobs()).hasSize(500 + 100);
        FanOutResult second = stevedore.fanOut("sync", "day-2", new Accounts(500, 0), job, f -> f.pageSize(50));
        assertThat(second.enqueued()).isEqualTo(500);
        assertThat(jobsPerAccount()).allSatisfy((account, count) -> assertThat(count).as(account).isEqualTo(2));

        Accounts untouched = new Accounts(500, 0);
        assertThat(stevedore.fanOut("sync", "day-2", untouched, job).enqueued()).as("a finished run").isEqualTo(500);
        assertThat(untouched.cursors).as("a finished run reads nothing").isEmpty();
    }

    @Test
    void aResumedRunGivesEachItemTheTimeItHadBefore() {
        FanOutResult whole = stevedore.fanOut("sync", "whole", new Accounts(300, 0), Sync::new,
                f -> f.perSlot(7).slotWidth(Duration.ofMinutes(1)).pageSize(40));
        assertThatThrownBy(() -> stevedore.fanOut("sync", "broken", new Accounts(300, 3), Sync::new,
                f -> f.perSlot(7).slotWidth(Duration.ofMinutes(1)).pageSize(40))).isInstanceOf(IllegalStateException.class);
        FanOutResult resumed = stevedore.fanOut("sync", "broken", new Accounts(300, 0), Sync::new,
                f -> f.perSlot(7).slotWidth(Duration.ofMinutes(1)).pageSize(40));

        Map<String, Duration> wholeOffsets = offsets("whole", whole.startedAt());
        Map<String, Duration> resumedOffsets = offsets("broken", resumed.startedAt());
        assertThat(resumedOffsets).hasSize(300).isEqualTo(wholeOffsets);
    }

    /** Each job's run time relative to its run's start, by account. */
    private Map<String, Duration> offsets(String run, Instant start) {
        return jobs().stream().filter(j -> j.metadata().get("stevedore.fanout.run").equals(run))
                .collect(Collectors.toMap(Job::args, j -> Duration.between(start, j.scheduledAt())));
    }

    @Test
    void twoRunnersOfTheSameFanOutEnqueueEachItemOnce() throws Exception {
        Stevedore other = node(fixture.secondStore());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<FanOutResult>> results = new ArrayList<>();
            for (Stevedore runner : List.of(stevedore, other)) {
                results.add(pool.submit(() -> runner.fanOut("sync", "race", new Accounts(2000, 0), Sync::new,
                        f -> f.pageSize(25))));
            }
            for (Future<FanOutResult> result : results) {
                assertThat(result.get().items()).isEqualTo(2000);
                assertThat(result.get().enqueued()).isEqualTo(2000);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(jobsPerAccount()).hasSize(2000).allSatisfy((account, count) -> assertThat(count).isEqualTo(1));
    }

    @Test
    void aPageForAPositionTheRunHasLeftChangesNothing() {
        Store store = fixture.store();
        FanOutState start = store.fanOutStart("raw", "r1");
        assertThat(start.position()).isZero();
        assertThat(start.cursor()).isNull();
        assertThat(store.fanOutStart("raw", "r1")).as("starting again reads the run").isEqualTo(start);

        FanOutState first = store.fanOutPage(new FanOutPage("raw", "r1", 0, List.of(job(1), job(2)), "2", 2)).orElseThrow();
        assertThat(first.position()).isEqualTo(2);
        assertThat(first.cursor()).isEqualTo("2");
        assertThat(first.enqueued()).isEqualTo(2);
        assertThat(store.fanOutPage(new FanOutPage("raw", "r1", 0, List.of(job(3)), "3", 1)))
                .as("a second runner's page for position 0").isEmpty();
        assertThat(store.fanOutPage(new FanOutPage("raw", "nope", 0, List.of(job(4)), null, 1))).isEmpty();
        assertThat(jobs()).hasSize(2);

        FanOutState last = store.fanOutPage(new FanOutPage("raw", "r1", 2, List.of(job(2), job(5)), null, 4)).orElseThrow();
        assertThat(last.finishedAt()).isNotNull();
        assertThat(last.enqueued()).as("job 2 was a duplicate").isEqualTo(3);
        assertThat(store.fanOutPage(new FanOutPage("raw", "r1", 4, List.of(job(6)), null, 5))).as("finished").isEmpty();
    }

    private static NewJob job(int account) {
        return new NewJob("tck.fan-out", "default", "{\"account\":" + account + "}", 0, 3, JobState.AVAILABLE, null,
                Duration.ZERO, null, List.of(), Map.of(), new UniqueKey("raw-" + account, EnumSet.allOf(JobState.class), null));
    }

    @Test
    void badInputIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> stevedore.fanOut(" ", "r", new Accounts(1, 0), Sync::new))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fan-out name");
        assertThatThrownBy(() -> stevedore.fanOut("n", "x".repeat(201), new Accounts(1, 0), Sync::new))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fan-out run");
        assertThatThrownBy(() -> stevedore.fanOut("n", "r", new Accounts(1, 0), Sync::new, f -> f.perSlot(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("perSlot");
        assertThatThrownBy(() -> stevedore.fanOut("n", "r", new Accounts(1, 0), Sync::new,
                f -> f.slotWidth(Duration.ofDays(2)))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slotWidth");
        FanOutSource<Long> stuck = (cursor, limit) -> FanOutSource.Page.of(List.of(), "same");
        assertThatThrownBy(() -> stevedore.fanOut("n", "stuck", stuck, Sync::new))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("never finish");
        FanOutSource<Long> greedy = (cursor, limit) -> FanOutSource.Page.last(IntStream.range(0, limit + 1)
                .mapToObj(i -> (long) i).toList());
        assertThatThrownBy(() -> stevedore.fanOut("n", "greedy", greedy, Sync::new, f -> f.pageSize(FanOutOptions.DEFAULT_PAGE_SIZE)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("at most 500");
    }
}
