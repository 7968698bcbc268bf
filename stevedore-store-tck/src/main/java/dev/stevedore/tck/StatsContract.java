package dev.stevedore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.JobKind;
import dev.stevedore.JobState;
import dev.stevedore.Outcome;
import dev.stevedore.RetryPolicy;
import dev.stevedore.StatsBucket;
import dev.stevedore.StatsQuery;
import dev.stevedore.Stevedore;
import dev.stevedore.spi.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Statistics roll-ups: sums that many nodes add to the same bucket at once, queries by range, queue
 * and kind, down-sampling of old minutes into hours, and a real node recording what its jobs did.
 */
public abstract class StatsContract {
    private static final Instant TEN = Instant.parse("2026-11-20T10:00:00Z");

    @JobKind("tck.stats.work")
    public record Work(int n) {}

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

    private static StatsBucket minute(Instant start, String queue, String kind, long completed, long runMax) {
        return new StatsBucket(start, StatsBucket.MINUTE, queue, kind, completed, 1, 1, 0, 0, 0, completed + 1,
                10 * (completed + 1), runMax, completed + 1, 5, runMax / 2);
    }

    @Test
    void flushesOfManyNodesToOneBucketAllAddUpAndTheMaximaKeepTheLargest() throws Exception {
        try (Store second = fixture.secondStore()) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Store via = i % 2 == 0 ? store : second;
                long runMax = i;
                done.add(pool.submit(() -> {
                    go.await();
                    via.statsRecord(List.of(minute(TEN, "mail", "send", 3, runMax),
                            minute(TEN.plusSeconds(60), "mail", "send", 1, 1)));
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
        }
        List<StatsBucket> rows = store.statsList(StatsQuery.between(TEN, TEN.plusSeconds(120)));
        assertThat(rows).hasSize(2);
        StatsBucket first = rows.get(0);
        assertThat(first.start()).isEqualTo(TEN);
        assertThat(first.completed()).isEqualTo(120);
        assertThat(first.failed()).isEqualTo(40);
        assertThat(first.runs()).isEqualTo(160);
        assertThat(first.runTotalMillis()).isEqualTo(1600);
        assertThat(first.runMaxMillis()).isEqualTo(39);
        assertThat(first.waitMaxMillis()).isEqualTo(19);
        assertThat(first.meanRun()).isEqualTo(Duration.ofMillis(10));
        assertThat(rows.get(1).completed()).isEqualTo(40);
    }

    @Test
    void queriesTakeTheirRangeQueueAndKind() {
        store.statsRecord(List.of(minute(TEN, "mail", "send", 1, 1), minute(TEN, "mail", "bounce", 2, 1),
                minute(TEN, "ai", "send", 3, 1), minute(TEN.plusSeconds(600), "mail", "send", 4, 1)));

        assertThat(store.statsList(StatsQuery.between(TEN, TEN.plusSeconds(60)))).hasSize(3);
        assertThat(store.statsList(StatsQuery.between(TEN, TEN.plusSeconds(3600)).queue("mail").kind("send")))
                .extracting(StatsBucket::completed).containsExactly(1L, 4L);
        assertThat(store.statsList(StatsQuery.between(TEN, TEN.plusSeconds(3600)).queue("ai")))
                .extracting(StatsBucket::kind).containsExactly("send");
        // The end is exclusive, the start inclusive.
        assertThat(store.statsList(StatsQuery.between(TEN.plusSeconds(1), TEN.plusSeconds(600)))).isEmpty();
    }

    @Test
    void aRollUpSumsOldMinutesIntoTheirHourOnceEvenWhenTwoRunAtOnceAndForgetsOldHours() throws Exception {
        store.statsRecord(List.of(minute(TEN.plusSeconds(60), "mail", "send", 2, 7),
                minute(TEN.plusSeconds(120), "mail", "send", 3, 9),
                minute(TEN.plusSeconds(3600 + 300), "mail", "send", 5, 1),
                minute(TEN.minusSeconds(7200), "mail", "send", 1, 1)));
        // Minutes before 11:00 go into hours; hours before 09:00 are forgotten (08:00's, once made).
        Instant minutesBefore = TEN.plusSeconds(3600);
        Instant hoursBefore = TEN.minusSeconds(3600);
        try (Store second = fixture.secondStore()) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch go = new CountDownLatch(1);
            Future<Integer> a = pool.submit(() -> {
                go.await();
                return store.statsRollUp(minutesBefore, hoursBefore);
            });
            Future<Integer> b = pool.submit(() -> {
                go.await();
                return second.statsRollUp(minutesBefore, hoursBefore);
            });
            go.countDown();
            assertThat(a.get() + b.get()).as("the three old minutes are deleted once").isGreaterThanOrEqualTo(3);
            pool.shutdown();
        }
        store.statsRollUp(minutesBefore, hoursBefore); // and again later: 08:00's hour is now forgotten

        List<StatsBucket> rows = store.statsList(StatsQuery.between(TEN.minusSeconds(86_400), TEN.plusSeconds(86_400)));
        assertThat(rows).extracting(StatsBucket::width).containsExactly(StatsBucket.HOUR, StatsBucket.MINUTE);
        StatsBucket hour = rows.get(0);
        assertThat(hour.start()).isEqualTo(TEN);
        assertThat(hour.completed()).isEqualTo(5);
        assertThat(hour.failed()).isEqualTo(2);
        assertThat(hour.runMaxMillis()).isEqualTo(9);
        assertThat(hour.runs()).isEqualTo(7);
        assertThat(rows.get(1).start()).isEqualTo(TEN.plusSeconds(3600 + 300));
    }

    @Test
    void aNodeRecordsWhatItsJobsDidPerMinuteQueueAndKind() {
        Stevedore node = Stevedore.builder().store(fixture.store())
                .pollInterval(Duration.ofMillis(50)).stageInterval(Duration.ofMillis(20))
                .queue("stats", q -> q.concurrency(4))
                .handle(Work.class, (ctx, work) -> {
                    if (work.n() == 1 && ctx.attempt() == 1) {
                        throw new IllegalStateException("first attempt fails");
                    }
                    if (work.n() == 2) {
                        throw Outcome.discard("not wanted");
                    }
                    Thread.sleep(20);
                }, k -> k.retry(RetryPolicy.fixed(Duration.ofMillis(50))))
                .build();
        Instant from = store.now().minusSeconds(60);
        node.start();
        List<Long> ids = node.enqueueMany(List.of(new Work(0), new Work(1), new Work(2), new Work(3)),
                o -> o.queue("stats").maxAttempts(3))
                .stream().map(e -> e.id()).toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream().map(id -> node.job(id).orElseThrow().state())
                .allMatch(s -> s == JobState.COMPLETED || s == JobState.DISCARDED));
        node.stop(); // flushes what the node summed since its last write

        List<StatsBucket> rows = store.statsList(StatsQuery.between(from, store.now().plusSeconds(60)).queue("stats"));
        StatsBucket sum = rows.stream().reduce(StatsBucket::plus).orElseThrow();
        assertThat(sum.kind()).isEqualTo("tck.stats.work");
        assertThat(sum.completed()).isEqualTo(3);
        // Failed attempts: the first attempt of 1, and 2's (a handler's discard is an attempt that failed).
        assertThat(sum.failed()).isEqualTo(2);
        assertThat(sum.retried()).isEqualTo(1);
        assertThat(sum.discarded()).isEqualTo(1);
        assertThat(sum.starts()).isEqualTo(5);
        assertThat(sum.runs()).isEqualTo(5);
        assertThat(sum.runMaxMillis()).isGreaterThanOrEqualTo(20);
        node.close();
    }
}
