package dev.stevedore.tck;

import static dev.stevedore.tck.ContractJobs.finish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.spi.Admissions;
import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.HeldKeys;
import dev.stevedore.spi.LimitKey;
import dev.stevedore.spi.NewJob;
import dev.stevedore.spi.RescueRequest;
import dev.stevedore.spi.Store;
import dev.stevedore.spi.UniqueKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Claims that admit their jobs under concurrency limits in their own transaction ({@link ClaimRequest#limits()}):
 * exact under claimers on two store instances, a running job holding its keys until it leaves running by
 * any path, refused jobs put back without using an attempt, and keys stored at enqueue by every insert
 * path or, when missing or stale, by the claim.
 */
public abstract class LimitedClaimContract {
    private static final String QUEUE = "limited";
    /** The node's rule in these tests: a job's key is its args' "key" field, and each key is a mutex. */
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ClaimRequest.Limits MUTEX_PER_KEY = job -> List.of(new LimitKey(keyOf(job), 1, 0, null));

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

    private static String keyOf(Job job) {
        JsonNode key = parse(job.args()).get("key");
        return key == null ? "m:none" : "m:" + key.asText();
    }

    private static JsonNode parse(String args) {
        try {
            return JSON.readTree(args);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A job whose key field is {@code key}, stored with its key when {@code stored}. */
    private static NewJob job(String queue, String key, boolean stored) {
        return new NewJob(ContractJobs.KIND, queue, JSON.createObjectNode().put("key", key).toString(), 0, 3,
                JobState.AVAILABLE, null, Duration.ZERO, null, List.of(), Map.of(), null, NewJob.TimeLimits.NONE,
                stored ? List.of("m:" + key) : List.of());
    }

    private long runningIn(String queue) {
        return store.queueCounts().stream().filter(c -> c.queue().equals(queue) && c.state() == JobState.RUNNING)
                .mapToLong(dev.stevedore.spi.QueueCount::count).sum();
    }

    private List<Job> claim(Store via, String node, int n) {
        return via.jobClaim(new ClaimRequest(QUEUE, node, n, MUTEX_PER_KEY));
    }

    private static List<Job> inState(List<Job> jobs, JobState state) {
        return jobs.stream().filter(j -> j.state() == state).toList();
    }

    @Test
    void aMutexHoldsAcrossConcurrentClaimsOnTwoStores() throws Exception {
        mutexUnderConcurrentClaims(false);
    }

    @Test
    void aMutexHoldsAcrossConcurrentClaimsOfNodesThatCountTheirOwnJobs() throws Exception {
        mutexUnderConcurrentClaims(true);
    }

    /** Eight nodes, on two store instances, claim 24 jobs of one key in rounds at once: one runs. */
    private void mutexUnderConcurrentClaims(boolean countOwn) throws Exception {
        store.jobInsertMany(IntStream.range(0, 24).mapToObj(i -> job(QUEUE, "k", true)).toList());
        try (Store second = fixture.secondStore()) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<Job>>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Store via = i % 2 == 0 ? store : second;
                String node = "node-" + i;
                ClaimRequest.Limits limits = countOwn ? ClaimRequest.Limits.counted(MUTEX_PER_KEY, new HeldKeys())
                        : MUTEX_PER_KEY;
                results.add(pool.submit(() -> {
                    go.await();
                    List<Job> all = new ArrayList<>();
                    for (int round = 0; round < 3; round++) {
                        all.addAll(via.jobClaim(new ClaimRequest(QUEUE, node, 1 + round, limits)));
                    }
                    return all;
                }));
            }
            go.countDown();
            List<Job> claimed = new ArrayList<>();
            for (Future<List<Job>> result : results) {
                claimed.addAll(result.get());
            }
            pool.shutdown();
            assertThat(inState(claimed, JobState.RUNNING)).hasSize(1);
            assertThat(runningIn(QUEUE)).as("running in the store").isEqualTo(1);
            assertThat(inState(claimed, JobState.SCHEDULED)).hasSize(claimed.size() - 1);
        }
    }

    @Test
    void aRefusedJobIsPutBackScheduledWithoutUsingAnAttemptAndNeverSeenRunning() {
        store.jobInsertMany(List.of(job(QUEUE, "k", true), job(QUEUE, "k", true)));
        Job first = claim(store, "node-a", 1).get(0);
        assertThat(first.state()).isEqualTo(JobState.RUNNING);

        Instant before = store.now();
        Job refused = claim(store, "node-b", 1).get(0);

        assertThat(refused.state()).isEqualTo(JobState.SCHEDULED);
        assertThat(refused.scheduledAt()).isAfter(before)
                .isCloseTo(before.plus(Admissions.CONCURRENCY_RETRY), within(5, ChronoUnit.SECONDS));
        assertThat(refused.maxAttempts() - refused.attempt()).as("attempts left").isEqualTo(3);
        assertThat(refused.errors()).isEmpty();
        assertThat(store.jobGet(refused.id()).orElseThrow()).satisfies(stored -> {
            assertThat(stored.state()).isEqualTo(JobState.SCHEDULED);
            assertThat(stored.maxAttempts() - stored.attempt()).isEqualTo(3);
        });
    }

    @Test
    void aRunningJobHoldsItsKeyUntilItCompletes() {
        store.jobInsertMany(List.of(job(QUEUE, "k", true), job(QUEUE, "k", true), job(QUEUE, "k", true)));
        Job first = claim(store, "node-a", 1).get(0);
        assertThat(claim(store, "node-a", 1)).extracting(Job::state).containsExactly(JobState.SCHEDULED);

        store.jobCompleteMany(List.of(finish(first.id(), first.attempt(), JobState.COMPLETED)));

        assertThat(claim(store, "node-a", 1)).extracting(Job::state).containsExactly(JobState.RUNNING);
    }

    @Test
    void aNodeThatCountsItsOwnJobsHoldsTheirKeysUntilItLetsThemGo() {
        store.jobInsertMany(List.of(job(QUEUE, "k", true), job(QUEUE, "k", true), job(QUEUE, "k", true)));
        HeldKeys held = new HeldKeys();
        ClaimRequest.Limits counted = ClaimRequest.Limits.counted(MUTEX_PER_KEY, held);
        Job first = store.jobClaim(new ClaimRequest(QUEUE, "node-a", 1, counted)).get(0);
        assertThat(first.state()).isEqualTo(JobState.RUNNING);
        assertThat(held.count(List.of("m:k"))).isEqualTo(Map.of("m:k", 1));

        assertThat(store.jobClaim(new ClaimRequest(QUEUE, "node-a", 1, counted))).extracting(Job::state)
                .containsExactly(JobState.SCHEDULED);
        assertThat(held.jobs()).as("a refused job holds nothing").isEqualTo(1);
        // Other nodes read the running job from the store.
        store.jobInsertMany(List.of(job(QUEUE, "k", true)));
        assertThat(claim(store, "node-b", 1)).extracting(Job::state).containsExactly(JobState.SCHEDULED);

        store.jobCompleteMany(List.of(finish(first.id(), first.attempt(), JobState.COMPLETED)));
        held.release(first.id(), first.attempt());
        assertThat(store.jobClaim(new ClaimRequest(QUEUE, "node-a", 1, counted))).extracting(Job::state)
                .containsExactly(JobState.RUNNING);
    }

    @Test
    void aNodeThatCountsItsOwnJobsIsNotCountedAgainFromTheStore() {
        // A job the store records as running on node-a that node-a never received (a claim whose answer was
        // lost): it does not run, so node-a, which counts what it holds, does not count it...
        store.jobInsertMany(List.of(job(QUEUE, "k", true), job(QUEUE, "k", true), job(QUEUE, "k", true)));
        assertThat(claim(store, "node-a", 1)).extracting(Job::state).containsExactly(JobState.RUNNING);
        HeldKeys held = new HeldKeys();
        assertThat(store.jobClaim(new ClaimRequest(QUEUE, "node-a", 1, ClaimRequest.Limits.counted(MUTEX_PER_KEY, held))))
                .extracting(Job::state).containsExactly(JobState.RUNNING);
        assertThat(held.count(List.of("m:k"))).isEqualTo(Map.of("m:k", 1));
        // ...while every other node counts both.
        assertThat(store.jobClaim(new ClaimRequest(QUEUE, "node-b", 1, ClaimRequest.Limits.counted(MUTEX_PER_KEY,
                new HeldKeys())))).extracting(Job::state).containsExactly(JobState.SCHEDULED);
    }

    @Test
    void aDeadNodesJobFreesItsKeyOnceRescued() {
        store.jobInsertMany(List.of(job(QUEUE, "k", true), job(QUEUE, "k", true), job(QUEUE, "k", true)));
        Job lost = claim(store, "node-killed", 1).get(0);
        assertThat(claim(store, "node-b", 1)).extracting(Job::state).containsExactly(JobState.SCHEDULED);

        // node-killed never registered a heartbeat: it counts as dead.
        assertThat(store.jobRescue(new RescueRequest(Duration.ofMinutes(1), Duration.ofHours(1), "leader", 10)))
                .extracting(Job::id).containsExactly(lost.id());

        assertThat(claim(store, "node-b", 1)).extracting(Job::state).containsExactly(JobState.RUNNING);
    }

    @Test
    void aJobStoredWithoutItsKeyIsStillLimitedAndGetsItsKeyWhenClaimed() {
        store.jobInsertMany(List.of(job(QUEUE, "k", false)));
        Job unkeyed = claim(store, "node-a", 1).get(0);
        assertThat(unkeyed.state()).isEqualTo(JobState.RUNNING);
        // Its key was stored by the claim: a job of the key is refused while it runs...
        store.jobInsertMany(List.of(job(QUEUE, "k", true)));
        assertThat(claim(store, "node-b", 1)).extracting(Job::state).containsExactly(JobState.SCHEDULED);

        // ...and one without a stored key is refused too, because the claiming node computes it.
        store.jobCompleteMany(List.of(finish(unkeyed.id(), unkeyed.attempt(), JobState.COMPLETED)));
        store.jobInsertMany(List.of(job(QUEUE, "k", true)));
        Job keyed = claim(store, "node-a", 5).get(0);
        assertThat(keyed.state()).isEqualTo(JobState.RUNNING);
        store.jobInsertMany(List.of(job(QUEUE, "k", false)));
        assertThat(claim(store, "node-b", 1)).extracting(Job::state).containsExactly(JobState.SCHEDULED);
    }

    @Test
    void aStaleStoredKeyIsReplacedByTheClaimingNodesKey() {
        NewJob stale = new NewJob(ContractJobs.KIND, QUEUE, "{\"key\":\"k\"}", 0, 3, JobState.AVAILABLE, null,
                Duration.ZERO, null, List.of(), Map.of(), null, NewJob.TimeLimits.NONE, List.of("m:old-rule"));
        store.jobInsertMany(List.of(stale));
        assertThat(claim(store, "node-a", 1)).extracting(Job::state).containsExactly(JobState.RUNNING);

        store.jobInsertMany(List.of(job(QUEUE, "k", true)));
        assertThat(claim(store, "node-b", 1)).as("the running job holds m:k, not m:old-rule")
                .extracting(Job::state).containsExactly(JobState.SCHEDULED);
    }

    @Test
    void aJobUnderTwoLimitsHoldsBothOfItsKeys() {
        // A second mutex keyed by the "also" field, for the jobs that have one.
        ClaimRequest.Limits twoMutexes = job -> {
            List<LimitKey> limits = new ArrayList<>(MUTEX_PER_KEY.of(job));
            JsonNode also = parse(job.args()).get("also");
            if (also != null) {
                limits.add(new LimitKey("m:" + also.asText(), 1, 0, null));
            }
            return limits;
        };
        String both = JSON.createObjectNode().put("key", "a").put("also", "b").toString();
        store.jobInsertMany(List.of(new NewJob(ContractJobs.KIND, QUEUE, both, 0, 3, JobState.AVAILABLE, null,
                Duration.ZERO, null, List.of(), Map.of(), null, NewJob.TimeLimits.NONE, List.of("m:a", "m:b"))));
        assertThat(store.jobClaim(new ClaimRequest(QUEUE, "node-a", 1, twoMutexes))).extracting(Job::state)
                .containsExactly(JobState.RUNNING);

        store.jobInsertMany(List.of(job(QUEUE, "b", true), job(QUEUE, "a", false), job(QUEUE, "c", true)));
        List<Job> claimed = store.jobClaim(new ClaimRequest(QUEUE, "node-b", 10, twoMutexes));

        assertThat(inState(claimed, JobState.SCHEDULED)).as("its second key and its first").hasSize(2);
        assertThat(inState(claimed, JobState.RUNNING)).singleElement().satisfies(j -> assertThat(j.args()).contains("c"));
    }

    @Test
    void otherKeysAndJobsWithoutLimitsAreNotHeldBack() {
        store.jobInsertMany(List.of(job(QUEUE, "a", true), job(QUEUE, "b", true), job(QUEUE, "a", true),
                ContractJobs.available(QUEUE)));
        ClaimRequest.Limits onlyKeyed = job -> job.args().contains("key") ? MUTEX_PER_KEY.of(job) : List.of();

        List<Job> claimed = store.jobClaim(new ClaimRequest(QUEUE, "node-a", 10, onlyKeyed));

        assertThat(claimed).hasSize(4);
        assertThat(inState(claimed, JobState.RUNNING)).hasSize(3);
        assertThat(inState(claimed, JobState.SCHEDULED)).singleElement()
                .satisfies(j -> assertThat(j.args()).contains("\"a\""));
    }

    @Test
    void aBlockedKeyAdmitsNothingUntilTheBlockEndsAndALaterBlockWins() {
        store.jobInsertMany(List.of(job(QUEUE, "k", true), job(QUEUE, "other", true)));
        Instant until = store.now().plusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
        store.limitBlock(List.of("m:k"), until.minusSeconds(30));
        store.limitBlock(List.of("m:k"), until);
        store.limitBlock(List.of("m:k"), until.minusSeconds(50)); // an earlier block does not shorten it

        List<Job> claimed = claim(store, "node-a", 2);

        assertThat(inState(claimed, JobState.RUNNING)).singleElement().satisfies(j -> assertThat(j.args()).contains("other"));
        assertThat(inState(claimed, JobState.SCHEDULED)).singleElement()
                .satisfies(j -> assertThat(j.scheduledAt()).isCloseTo(until, within(1, ChronoUnit.MILLIS)));
    }

    @Test
    void keysStoredByEveryInsertPathHoldWhileTheirJobsRun() {
        // Keys that need escaping in every encoding a store uses (JSON, array literals, COPY text).
        List<String> keys = List.of("plain", "quo\"te", "back\\slash", "com,ma {brace}", "tab\there", "é 🚀", "NULL");
        List<NewJob> copied = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            copied.add(job("holders", i < keys.size() ? keys.get(i) : "copy-" + i, true));
        }
        store.jobInsertMany(copied); // large: the bulk path
        store.jobInsertMany(List.of(job("holders", "small-1", true), job("holders", "small-2", true)));
        store.jobInsertMany(List.of(job("holders", "one", true)));
        NewJob unique = job("holders", "unique", true);
        store.jobInsertUnique(new NewJob(unique.kind(), unique.queue(), unique.args(), 0, 3, JobState.AVAILABLE, null,
                Duration.ZERO, null, List.of(), Map.of(), new UniqueKey("u1", java.util.Set.of(JobState.AVAILABLE,
                JobState.RUNNING), null), NewJob.TimeLimits.NONE, unique.limitKeys()));
        // A node without limits runs them all: only their stored keys say what they hold.
        assertThat(store.jobClaim(new ClaimRequest("holders", "plain-node", 100))).hasSize(74);

        List<String> all = new ArrayList<>(keys);
        all.addAll(List.of("copy-69", "small-2", "one", "unique"));
        store.jobInsertMany(all.stream().map(k -> job(QUEUE, k, false)).toList());

        assertThat(claim(store, "node-a", 100)).hasSize(all.size()).allSatisfy(j ->
                assertThat(j.state()).as(j.args()).isEqualTo(JobState.SCHEDULED));
    }
}
