package dev.stevedore.tck;

import static dev.stevedore.tck.ContractJobs.available;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.stevedore.Alert;
import dev.stevedore.AlertQuery;
import dev.stevedore.spi.AlertFire;
import dev.stevedore.spi.Store;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Alerts at the store level: an alert fires once per rule and subject however many nodes fire it at
 * once, not again within its cool-down, resolves once, stays in the history, pages newest first and is
 * pruned after its retention (never while active).
 */
public abstract class AlertContract {
    private static final Duration HOUR = Duration.ofHours(1);
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

    private static AlertFire fire(String rule, String subject, Duration coolDown) {
        return new AlertFire(rule, subject, rule + " holds for " + subject, coolDown);
    }

    @Test
    void firingStoresAnActiveAlertWithTheStoreTime() {
        Instant before = store.now();

        Alert alert = store.alertFire(fire("mail-failing", "mail", HOUR)).orElseThrow();

        assertThat(alert.rule()).isEqualTo("mail-failing");
        assertThat(alert.subject()).isEqualTo("mail");
        assertThat(alert.message()).isEqualTo("mail-failing holds for mail");
        assertThat(alert.active()).isTrue();
        assertThat(alert.firedAt()).isCloseTo(before, within(5, ChronoUnit.SECONDS));
        assertThat(store.alertList(AlertQuery.latest(10).activeOnly())).containsExactly(alert);
    }

    @Test
    void anActiveAlertDoesNotFireAgainButAnotherSubjectOrRuleDoes() {
        Alert first = store.alertFire(fire("r", "mail", Duration.ZERO)).orElseThrow();

        assertThat(store.alertFire(fire("r", "mail", Duration.ZERO))).as("already active").isEmpty();
        assertThat(store.alertFire(fire("r", "ai", Duration.ZERO))).as("other subject").isPresent();
        assertThat(store.alertFire(fire("other", "mail", Duration.ZERO))).as("other rule").isPresent();
        assertThat(store.alertList(AlertQuery.latest(10).rule("r"))).extracting(Alert::subject)
                .containsExactly("ai", "mail");
        assertThat(store.alertList(AlertQuery.latest(10).rule("r")).get(1)).isEqualTo(first);
    }

    @Test
    void concurrentLeadersOnTwoStoresFireAnAlertExactlyOnce() throws Exception {
        try (Store other = fixture.secondStore()) {
            for (int round = 0; round < 5; round++) {
                String subject = "queue-" + round;
                List<Optional<Alert>> results = race(8, i -> (i % 2 == 0 ? store : other).alertFire(fire("r", subject, HOUR)));
                assertThat(results.stream().filter(Optional::isPresent).count()).as("fired %s", subject).isEqualTo(1);
            }
        }
        assertThat(store.alertList(AlertQuery.latest(100).activeOnly())).hasSize(5);
    }

    @Test
    void concurrentResolversResolveOnce() throws Exception {
        store.alertFire(fire("r", "mail", HOUR)).orElseThrow();
        try (Store other = fixture.secondStore()) {
            List<Optional<Alert>> results = race(6, i -> (i % 2 == 0 ? store : other).alertResolve("r", "mail"));
            assertThat(results.stream().filter(Optional::isPresent).count()).isEqualTo(1);
        }
    }

    @Test
    void resolvingEndsTheAlertAndKeepsItInTheHistory() {
        Alert fired = store.alertFire(fire("r", "mail", HOUR)).orElseThrow();

        Alert resolved = store.alertResolve("r", "mail").orElseThrow();

        assertThat(resolved.id()).isEqualTo(fired.id());
        assertThat(resolved.active()).isFalse();
        assertThat(resolved.resolvedAt()).isAfterOrEqualTo(fired.firedAt());
        assertThat(store.alertResolve("r", "mail")).as("nothing active any more").isEmpty();
        assertThat(store.alertResolve("r", "never-fired")).isEmpty();
        assertThat(store.alertList(AlertQuery.latest(10).activeOnly())).isEmpty();
        assertThat(store.alertList(AlertQuery.latest(10))).containsExactly(resolved);
    }

    @Test
    void withinTheCoolDownAResolvedAlertDoesNotFireAgainAfterItItDoes() {
        store.alertFire(fire("r", "mail", HOUR)).orElseThrow();
        store.alertResolve("r", "mail").orElseThrow();

        assertThat(store.alertFire(fire("r", "mail", HOUR))).as("resolved less than an hour ago").isEmpty();
        assertThat(store.alertFire(fire("r", "ai", HOUR))).as("the cool-down is per subject").isPresent();
        Alert again = store.alertFire(fire("r", "mail", Duration.ZERO)).orElseThrow();

        assertThat(again.active()).isTrue();
        assertThat(store.alertList(AlertQuery.latest(10).rule("r"))).extracting(Alert::subject, Alert::active)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("mail", true),
                        org.assertj.core.groups.Tuple.tuple("ai", true),
                        org.assertj.core.groups.Tuple.tuple("mail", false));
    }

    @Test
    void listingPagesNewestFirstAndFiltersByRuleAndActivity() {
        for (int i = 0; i < 5; i++) {
            store.alertFire(fire(i % 2 == 0 ? "even" : "odd", "s" + i, Duration.ZERO)).orElseThrow();
        }
        store.alertResolve("even", "s0").orElseThrow();

        List<Alert> first = store.alertList(AlertQuery.latest(2));
        List<Alert> second = store.alertList(AlertQuery.latest(2).before(first.get(1)));
        List<Alert> third = store.alertList(AlertQuery.latest(2).before(second.get(1)));

        assertThat(first).extracting(Alert::subject).containsExactly("s4", "s3");
        assertThat(second).extracting(Alert::subject).containsExactly("s2", "s1");
        assertThat(third).extracting(Alert::subject).containsExactly("s0");
        assertThat(store.alertList(AlertQuery.latest(10).rule("even"))).extracting(Alert::subject)
                .containsExactly("s4", "s2", "s0");
        assertThat(store.alertList(AlertQuery.latest(10).rule("even").activeOnly())).extracting(Alert::subject)
                .containsExactly("s4", "s2");
    }

    @Test
    void pruningDeletesResolvedAlertsPastTheRetentionAndNeverActiveOnes() {
        store.alertFire(fire("r", "old", Duration.ZERO)).orElseThrow();
        store.alertResolve("r", "old").orElseThrow();
        Alert active = store.alertFire(fire("r", "active", Duration.ZERO)).orElseThrow();

        assertThat(store.alertPrune(HOUR, 100)).as("resolved less than an hour ago").isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> store.alertPrune(Duration.ofMillis(1), 100) == 1);

        assertThat(store.alertList(AlertQuery.latest(10))).containsExactly(active);
        assertThat(store.alertPrune(Duration.ofMillis(1), 100)).isZero();
    }

    @Test
    void theReadyQueuesAreListedWithTheirOldestAvailableJobAcrossPriorities() throws Exception {
        store.jobInsertMany(List.of(available("mail", 0), available("mail", 5), available("ai", 0)));
        store.jobInsertMany(List.of(ContractJobs.scheduledIn("later", Duration.ofHours(1))));
        Instant now = store.now();
        try (var c = fixture.connection(); var s = c.createStatement()) {
            // Back-date: the priority-0 mail job became due first, though a priority-5 one is claimed first.
            s.executeUpdate(TimeShift.back(fixture, "jobs", "scheduled_at", "queue = 'mail' AND priority = 0", 600));
            s.executeUpdate(TimeShift.back(fixture, "jobs", "scheduled_at", "queue = 'mail' AND priority = 5", 60));
            s.executeUpdate(TimeShift.back(fixture, "jobs", "scheduled_at", "queue = 'ai'", 5));
        }

        var ready = store.queueReadyList();

        assertThat(ready).extracting(r -> r.queue()).containsExactly("ai", "mail");
        assertThat(ready.get(0).oldestDueAt()).isCloseTo(now.minusSeconds(5), within(3, ChronoUnit.SECONDS));
        assertThat(ready.get(1).oldestDueAt()).as("the oldest of both priorities")
                .isCloseTo(now.minusSeconds(600), within(3, ChronoUnit.SECONDS));
        store.jobClaim(new dev.stevedore.spi.ClaimRequest("ai", "n", 10));
        assertThat(store.queueReadyList()).extracting(r -> r.queue()).as("running jobs are not ready").containsExactly("mail");
    }

    @Test
    void runningJobsAreListedLongestRunningFirstPastTheThreshold() throws Exception {
        store.jobInsertMany(List.of(available("q"), available("q"), available("q")));
        List<Long> claimed = store.jobClaim(new dev.stevedore.spi.ClaimRequest("q", "node-a", 2)).stream()
                .map(dev.stevedore.Job::id).toList();
        try (var c = fixture.connection(); var s = c.createStatement()) {
            s.executeUpdate(TimeShift.back(fixture, "jobs", "attempted_at", "id = " + claimed.get(1), 3600));
        }

        assertThat(store.jobRunningLongest(Duration.ofMinutes(30), 10)).extracting(dev.stevedore.Job::id)
                .containsExactly(claimed.get(1));
        assertThat(store.jobRunningLongest(Duration.ZERO, 10)).extracting(dev.stevedore.Job::id)
                .containsExactly(claimed.get(1), claimed.get(0));
        assertThat(store.jobRunningLongest(Duration.ZERO, 1)).hasSize(1);
        assertThat(store.jobRunningLongest(Duration.ofHours(2), 10)).isEmpty();
    }

    private interface Call<T> {
        T call(int i) throws Exception;
    }

    /** Runs {@code n} calls at once from a start line; returns their results. */
    private static <T> List<T> race(int n, Call<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.call(index);
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
