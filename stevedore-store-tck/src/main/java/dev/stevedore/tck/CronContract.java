package dev.stevedore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.CatchUp;
import dev.stevedore.CronOptions;
import dev.stevedore.CronSchedule;
import dev.stevedore.Job;
import dev.stevedore.JobKind;
import dev.stevedore.JobState;
import dev.stevedore.Stevedore;
import dev.stevedore.StevedoreBuilder;
import dev.stevedore.spi.CronFire;
import dev.stevedore.spi.JobFilter;
import dev.stevedore.spi.NewJob;
import dev.stevedore.spi.Store;
import dev.stevedore.spi.UniqueInsert;
import dev.stevedore.spi.UniqueKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cron schedules on a real store: ticks fire once across nodes, missed ticks follow the catch-up
 * policy, and overlapping runs follow the overlap policy.
 */
public abstract class CronContract {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @JobKind("tck.tick")
    public record Tick(String label) {}

    private StoreFixture fixture;
    private final List<Stevedore> nodes = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    /** A fresh, migrated, isolated store for each test. */
    protected abstract StoreFixture createFixture();

    @BeforeEach
    void setUp() {
        fixture = createFixture();
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        nodes.forEach(Stevedore::stop);
        fixture.close();
    }

    private Stevedore start(Store store, Consumer<StevedoreBuilder> cron) {
        StevedoreBuilder builder = FastTimings.builder(store)
                .handle(Tick.class, (ctx, job) -> {
                    if (job.label().equals("block")) {
                        release.await();
                    }
                })
                .queue("default", q -> q.concurrency(4));
        cron.accept(builder);
        Stevedore node = builder.build();
        nodes.add(node);
        node.start();
        return node;
    }

    private List<Job> ticks() {
        return fixture.store().jobList(new JobFilter(Set.of(), null, "tck.tick", null, 1000));
    }

    private static String tickOf(Job job) {
        return job.metadata().get("stevedore.cron.tick");
    }

    @Test
    void anEverySecondScheduleFiresEachTickOnceWithTwoNodesRunningIt() {
        Consumer<StevedoreBuilder> cron = b -> b.cron("every-second", "* * * * * *", new Tick("s"));
        start(fixture.store(), cron);
        start(fixture.secondStore(), cron);

        await().atMost(WAIT).until(() -> ticks().size() >= 3);
        List<String> ticks = ticks().stream().map(CronContract::tickOf).toList();
        assertThat(ticks).doesNotHaveDuplicates().allMatch(t -> t.endsWith("Z"));
        assertThat(ticks().get(0).metadata()).containsEntry("stevedore.cron", "every-second");

        CronSchedule schedule = nodes.get(0).cronSchedules().get(0);
        assertThat(schedule.name()).isEqualTo("every-second");
        assertThat(schedule.lastTick()).isNotNull();
        assertThat(schedule.nextTick()).isAfter(schedule.lastTick());
        assertThat(schedule.lastJobId()).isNotNull();
    }

    @Test
    void twoLeadersFiringTheSameTickInsertOneJob() throws Exception {
        Store store = fixture.store();
        Instant tick = Instant.parse("2026-01-01T00:00:00Z");
        store.cronDeclare("race", "0 0 1 1 *", "UTC", tick.minusSeconds(60));
        NewJob job = new NewJob("tck.tick", "default", "{\"label\":\"r\"}", 0, 3, JobState.AVAILABLE, null,
                Duration.ZERO, null, List.of(), Map.of(),
                new UniqueKey("cron-race-2026", EnumSet.allOf(JobState.class), null));
        try (Store second = fixture.secondStore()) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Optional<UniqueInsert>>> results = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    Store leader = i % 2 == 0 ? store : second;
                    results.add(pool.submit(() -> leader.cronFire(new CronFire("race", tick, null, job))));
                }
                List<UniqueInsert> inserts = new ArrayList<>();
                for (Future<Optional<UniqueInsert>> f : results) {
                    inserts.add(f.get().orElseThrow());
                }
                assertThat(inserts.stream().filter(UniqueInsert::inserted)).hasSize(1);
                assertThat(inserts.stream().map(UniqueInsert::id).distinct()).hasSize(1);
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(ticks()).hasSize(1);
        assertThat(store.cronList()).singleElement().satisfies(row -> {
            assertThat(row.lastTick()).isEqualTo(tick);
            assertThat(row.lastJobId()).isEqualTo(ticks().get(0).id());
        });
    }

    @Test
    void catchUpNoneDropsTicksMissedWhileNothingRan() {
        List<String> fired = afterDowntime(CatchUp.none());
        assertThat(fired).isEmpty();
    }

    @Test
    void catchUpLastFiresOnlyTheLatestMissedTick() {
        assertThat(afterDowntime(CatchUp.last())).containsExactly("2026-01-01T00:00:00Z");
    }

    @Test
    void catchUpAllFiresEveryMissedTickUpToTheCap() {
        assertThat(afterDowntime(CatchUp.all(2))).containsExactly("2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z");
    }

    /**
     * A yearly schedule last handled in mid-2023 (as if every node had been down since), then a node
     * starts; returns the ticks it fired, oldest first, once the schedule has caught up to 2026.
     */
    private List<String> afterDowntime(CatchUp catchUp) {
        fixture.store().cronDeclare("yearly", "0 0 1 1 *", "UTC", Instant.parse("2023-06-01T00:00:00Z"));
        Stevedore node = start(fixture.store(), b -> b.cron("yearly", "0 0 1 1 *", new Tick("y"), c -> c.catchUp(catchUp)));
        await().atMost(WAIT).until(() -> node.cronSchedules().get(0).lastTick(),
                t -> t != null && !t.isBefore(Instant.parse("2026-01-01T00:00:00Z")));
        CronSchedule schedule = node.cronSchedules().get(0);
        assertThat(schedule.nextTick()).isAfter(Instant.parse("2026-01-01T00:00:00Z"));
        return ticks().stream().map(CronContract::tickOf).sorted().toList();
    }

    @Test
    void overlapSkipLeavesOneUnfinishedJobAndCarriesOnAfterIt() {
        Stevedore node = start(fixture.store(), b -> b.cron("slow", "* * * * * *", new Tick("block"),
                c -> c.overlap(CronOptions.Overlap.SKIP)));
        await().atMost(WAIT).until(() -> ticks().size() == 1 && ticks().get(0).state() == JobState.RUNNING);
        Instant firstTick = node.cronSchedules().get(0).lastTick();
        await().atMost(WAIT).until(() -> node.cronSchedules().get(0).lastTick().isAfter(firstTick.plusSeconds(1)));
        assertThat(ticks()).as("ticks while the first job runs are skipped").hasSize(1);

        release.countDown();
        await().atMost(WAIT).until(() -> ticks().size() >= 2);
        assertThat(ticks().stream().map(CronContract::tickOf)).doesNotHaveDuplicates();
    }
}
