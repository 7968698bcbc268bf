package dev.stevedore.tck;

import static dev.stevedore.tck.ContractJobs.available;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.BreakerChange;
import dev.stevedore.BreakerState;
import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.spi.BreakerReport;
import dev.stevedore.spi.BreakerRule;
import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.Admissions;
import dev.stevedore.spi.LimitKey;
import dev.stevedore.spi.RateAsk;
import dev.stevedore.spi.RateGrant;
import dev.stevedore.spi.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store's side of rates and breakers: rate leases that hold under concurrent askers on two store
 * instances, blocks (a later one wins), and breakers that open, probe one job at a time and close.
 * Concurrency limits are admitted by claims: see {@link LimitedClaimContract}.
 */
public abstract class FlowContract {
    private static final String QUEUE = "flow";
    private static final Duration SECOND = Duration.ofSeconds(1);

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

    /** {@code n} jobs made running by a claim, as a producer holds them before admission. */
    private List<Job> running(int n) {
        store.jobInsertMany(IntStream.range(0, n).mapToObj(i -> available(QUEUE)).toList());
        List<Job> jobs = store.jobClaim(new ClaimRequest(QUEUE, "node-a", n));
        assertThat(jobs).hasSize(n);
        return jobs;
    }

    @Test
    void rateLeasesOnConcurrentAskersNeverGrantMoreThanTheWindowAndReturnedTokensMakeRoom() throws Exception {
        LimitKey rate = new LimitKey("api:lease", 0, 40, Duration.ofMinutes(1));
        try (Store second = fixture.secondStore()) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<RateGrant>>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                Store via = i % 2 == 0 ? store : second;
                results.add(pool.submit(() -> {
                    go.await();
                    return via.rateLease(List.of(new RateAsk(rate, 3)));
                }));
            }
            go.countDown();
            List<RateGrant> grants = new ArrayList<>();
            for (Future<List<RateGrant>> result : results) {
                grants.addAll(result.get());
            }
            pool.shutdown();
            assertThat(grants.stream().mapToInt(RateGrant::granted).sum()).isEqualTo(40);
            RateGrant short_ = grants.stream().filter(g -> g.granted() < 3).findFirst().orElseThrow();
            assertThat(short_.retryAt()).isAfter(short_.now());
            RateGrant full = grants.stream().filter(g -> g.granted() == 3).findFirst().orElseThrow();
            assertThat(full.retryAt()).isNull();
            assertThat(full.validUntil()).isAfter(full.now()).isBeforeOrEqualTo(full.now().plus(Admissions.MAX_LEASE));

            // The window is spent; tokens a node did not use, returned, are what the next ask gets.
            assertThat(store.rateLease(List.of(new RateAsk(rate, 1))).get(0).granted()).isZero();
            RateGrant again = second.rateLease(List.of(new RateAsk(rate, 5, full.slot(), 2))).get(0);
            assertThat(again.granted()).isEqualTo(2);
        }
    }

    @Test
    void aBlockedKeyLeasesNoTokensUntilTheBlockEnds() {
        LimitKey rate = new LimitKey("api:blocked", 0, 100, SECOND);
        Instant until = store.now().plusSeconds(30);
        store.limitBlock(List.of(rate.key()), until);

        RateGrant grant = store.rateLease(List.of(new RateAsk(rate, 10))).get(0);

        assertThat(grant.granted()).isZero();
        assertThat(grant.retryAt()).isEqualTo(until);
        assertThat(store.rateLease(List.of(new RateAsk(new LimitKey("api:other", 0, 100, SECOND), 10))).get(0).granted())
                .isEqualTo(10);
    }

    @Test
    void aBreakerOpensOnFailuresLetsOneProbeAfterTheCoolDownAndClosesOnItsSuccess() {
        BreakerRule rule = new BreakerRule(3, 0, 1, Duration.ofMinutes(1), Duration.ofMillis(300));
        List<Job> jobs = running(2);

        assertThat(store.breakerRecord(List.of(new BreakerReport("dep", rule, 5, 2, List.of())))).isEmpty();
        List<BreakerChange> opened = store.breakerRecord(List.of(new BreakerReport("dep", rule, 0, 1, List.of())));
        assertThat(opened).singleElement().satisfies(c -> {
            assertThat(c.from()).isEqualTo(BreakerState.Status.CLOSED);
            assertThat(c.to()).isEqualTo(BreakerState.Status.OPEN);
            assertThat(c.reason()).contains("3 failures");
        });
        assertThat(store.breakerList()).singleElement().satisfies(b -> {
            assertThat(b.status()).isEqualTo(BreakerState.Status.OPEN);
            assertThat(b.openUntil()).isAfter(b.since());
        });
        Job probe = jobs.get(0);
        assertThat(store.breakerProbe("dep", probe.id(), probe.attempt())).as("still cooling down").isFalse();

        await().atMost(Duration.ofSeconds(5)).until(() -> store.breakerProbe("dep", probe.id(), probe.attempt()));
        assertThat(store.breakerList().get(0).status()).isEqualTo(BreakerState.Status.HALF_OPEN);
        Job other = jobs.get(1);
        assertThat(store.breakerProbe("dep", other.id(), other.attempt())).as("one probe at a time").isFalse();

        List<BreakerChange> closed = store.breakerRecord(List.of(new BreakerReport("dep", rule, 1, 0,
                List.of(new BreakerReport.Probe(probe.id(), probe.attempt(), true)))));
        assertThat(closed).singleElement().satisfies(c -> assertThat(c.to()).isEqualTo(BreakerState.Status.CLOSED));
        // Closing starts a fresh window: the failures from before the opening no longer count.
        assertThat(store.breakerRecord(List.of(new BreakerReport("dep", rule, 0, 2, List.of())))).isEmpty();
    }

    @Test
    void aHalfOpenBreakerWhoseProbeDiedLetsAnotherJobProbe() {
        BreakerRule rule = new BreakerRule(1, 0, 1, Duration.ofMinutes(1), Duration.ofMillis(100));
        List<Job> jobs = running(2);
        store.breakerRecord(List.of(new BreakerReport("dep", rule, 0, 1, List.of())));
        Job probe = jobs.get(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> store.breakerProbe("dep", probe.id(), probe.attempt()));
        Job other = jobs.get(1);
        assertThat(store.breakerProbe("dep", other.id(), other.attempt())).isFalse();

        // The probe left running without a verdict (handed back, or its node died and it was rescued).
        store.jobCompleteMany(List.of(new dev.stevedore.spi.Completion(probe.id(), probe.attempt(), JobState.AVAILABLE,
                Duration.ZERO, null, dev.stevedore.spi.Completion.AttemptUse.REFUNDED)));

        assertThat(store.breakerProbe("dep", other.id(), other.attempt())).isTrue();
        // A failed probe opens it again for another cool-down.
        List<BreakerChange> reopened = store.breakerRecord(List.of(new BreakerReport("dep", rule, 0, 1,
                List.of(new BreakerReport.Probe(other.id(), other.attempt(), false)))));
        assertThat(reopened).singleElement().satisfies(c -> {
            assertThat(c.from()).isEqualTo(BreakerState.Status.HALF_OPEN);
            assertThat(c.to()).isEqualTo(BreakerState.Status.OPEN);
        });
        assertThat(Collections.frequency(store.breakerList().stream().map(BreakerState::name).toList(), "dep")).isEqualTo(1);
    }
}
