package dev.stevedore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.ErrorCategory;
import dev.stevedore.Failure;
import dev.stevedore.FailureQuery;
import dev.stevedore.Issue;
import dev.stevedore.IssueQuery;
import dev.stevedore.IssueStatus;
import dev.stevedore.JobKind;
import dev.stevedore.JobState;
import dev.stevedore.RetryPolicy;
import dev.stevedore.Stevedore;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failure records and issues end to end, through a node on a real store: handlers that throw leave
 * failures with the right fields (arguments redacted), retried, held, discarded and timed-out attempts
 * alike; the same bug on many jobs is one issue; resolve, regress and ignore through the public API.
 */
public abstract class FailureRuntimeContract {
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** A card whose number must never be stored in a failure. */
    public record Card(String number, String holder) {}

    /** A job whose handler does what {@code how} says; {@code key} counts its runs. */
    @JobKind("tck.failing")
    public record Failing(String key, String how, String password, Card card) {}

    private StoreFixture fixture;
    private Stevedore node;
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    /** A fresh, migrated, isolated store for each test. */
    protected abstract StoreFixture createFixture();

    @BeforeEach
    void setUp() {
        fixture = createFixture();
        node = FastTimings.builder(fixture.store())
                .defaultRetry(RetryPolicy.fixed(Duration.ofMillis(10)))
                .redact("password", "card.number")
                .handle(Failing.class, (ctx, job) -> {
                    int run = runs.computeIfAbsent(job.key(), k -> new AtomicInteger()).incrementAndGet();
                    switch (job.how()) {
                        case "io" -> throw new IOException("upstream 10.0.0." + run + " down for '" + job.key() + "'");
                        case "once" -> {
                            if (run == 1) {
                                throw new IOException("flaky once");
                            }
                        }
                        case "auth" -> throw new SecurityException("token expired for account " + job.key().hashCode());
                        case "sleep" -> Thread.sleep(60_000);
                        default -> throw new IllegalArgumentException("unknown behaviour " + job.how());
                    }
                })
                .queue("default", q -> q.concurrency(4))
                .build();
        node.start();
    }

    @AfterEach
    void tearDown() {
        node.stop();
        fixture.close();
    }

    private long enqueue(String key, String how, int maxAttempts) {
        return node.enqueue(new Failing(key, how, "hunter2", new Card("4111111111111111", "Ann")),
                o -> o.maxAttempts(maxAttempts).tags("billing").meta("tenant", "acme")).id();
    }

    private List<Failure> awaitFailures(FailureQuery query, int count) {
        await().atMost(WAIT).until(() -> node.failures(query).size() >= count);
        return node.failures(query);
    }

    private Issue issueOf(long jobId) {
        String id = awaitFailures(FailureQuery.newest(FailureQuery.MAX_LIMIT), 1).stream()
                .filter(f -> f.jobId() == jobId).findFirst().orElseThrow().issue();
        return node.issue(id).orElseThrow();
    }

    @Test
    void everyFailedAttemptIsRecordedWithItsContextAndRedactedArguments() {
        long id = enqueue("a", "io", 2);
        await().atMost(WAIT).until(() -> node.job(id).map(j -> j.state() == JobState.DISCARDED).orElse(false));

        List<Failure> failures = awaitFailures(FailureQuery.newest(10).kind("tck.failing"), 2);

        assertThat(failures).extracting(Failure::attempt).containsExactly(2, 1);
        assertThat(failures).extracting(Failure::retryable).containsExactly(false, true);
        Failure first = failures.get(1);
        assertThat(first.jobId()).isEqualTo(id);
        assertThat(first.queue()).isEqualTo("default");
        assertThat(first.errorClass()).isEqualTo("java.io.IOException");
        assertThat(first.message()).isEqualTo("upstream 10.0.0.1 down for 'a'");
        assertThat(first.stack()).contains("java.io.IOException");
        assertThat(first.category()).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(first.node()).isEqualTo(node.nodeId());
        assertThat(first.duration().isNegative()).isFalse();
        assertThat(first.tags()).containsExactly("billing");
        assertThat(first.metadata()).containsExactly(Map.entry("tenant", "acme"));
        assertThat(first.args()).doesNotContain("hunter2").doesNotContain("4111111111111111")
                .contains("[redacted]").contains("Ann").contains("\"io\"");
        assertThat(node.job(id).orElseThrow().args()).as("the job keeps its arguments").contains("hunter2");

        Issue issue = node.issue(first.issue()).orElseThrow();
        assertThat(issue.count()).isEqualTo(2);
        assertThat(issue.kind()).isEqualTo("tck.failing");
        assertThat(issue.errorClass()).isEqualTo("java.io.IOException");
        assertThat(issue.queues()).containsExactly("default");
        assertThat(issue.sampleJobIds()).containsExactly(id, id);
        assertThat(issue.status()).isEqualTo(IssueStatus.OPEN);
    }

    @Test
    void aJobRetriedThenSucceededKeepsItsFailure() {
        long id = enqueue("b", "once", 3);
        await().atMost(WAIT).until(() -> node.job(id).map(j -> j.state() == JobState.COMPLETED).orElse(false));

        Failure failure = awaitFailures(FailureQuery.newest(10), 1).get(0);

        assertThat(failure.jobId()).isEqualTo(id);
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.message()).isEqualTo("flaky once");
    }

    @Test
    void heldAndTimedOutAttemptsAreRecordedWithTheirCategories() {
        long held = enqueue("c", "auth", 3);
        long timedOut = node.enqueue(new Failing("d", "sleep", "hunter2", new Card("4111", "Bo")),
                o -> o.maxAttempts(1).timeout(Duration.ofMillis(200))).id();

        Failure auth = awaitFailures(FailureQuery.newest(10).category(ErrorCategory.AUTHENTICATION), 1).get(0);
        Failure timeout = awaitFailures(FailureQuery.newest(10).category(ErrorCategory.TIMEOUT), 1).get(0);

        assertThat(auth.jobId()).isEqualTo(held);
        assertThat(auth.retryable()).as("held for an operator").isFalse();
        assertThat(node.job(held).orElseThrow().state()).isEqualTo(JobState.HELD);
        assertThat(timeout.jobId()).isEqualTo(timedOut);
        assertThat(timeout.retryable()).isFalse();
    }

    @Test
    void oneBugOnManyJobsIsOneIssueThatRegressesAfterAResolveAndKeepsCountingWhenIgnored() {
        long a = enqueue("e1", "io", 1);
        enqueue("e2", "io", 1);
        enqueue("e3", "io", 1);
        awaitFailures(FailureQuery.newest(10), 3);
        Issue issue = issueOf(a);
        await().atMost(WAIT).until(() -> node.issue(issue.id()).orElseThrow().count() == 3);
        assertThat(node.issues(IssueQuery.latest(10))).extracting(Issue::id).containsExactly(issue.id());

        assertThat(node.resolveIssue(issue.id()).orElseThrow().status()).isEqualTo(IssueStatus.RESOLVED);
        enqueue("e4", "io", 1);
        await().atMost(WAIT).until(() -> node.issue(issue.id()).orElseThrow().count() == 4);
        Issue regressed = node.issue(issue.id()).orElseThrow();
        assertThat(regressed.status()).isEqualTo(IssueStatus.OPEN);
        assertThat(regressed.regressed()).isTrue();
        assertThat(regressed.regressedAt()).isNotNull();

        assertThat(node.ignoreIssue(issue.id()).orElseThrow().status()).isEqualTo(IssueStatus.IGNORED);
        enqueue("e5", "io", 1);
        await().atMost(WAIT).until(() -> node.issue(issue.id()).orElseThrow().count() == 5);
        assertThat(node.issue(issue.id()).orElseThrow().status()).isEqualTo(IssueStatus.IGNORED);

        assertThat(node.reopenIssue(issue.id()).orElseThrow().status()).isEqualTo(IssueStatus.OPEN);
        assertThat(node.resolveIssue("0000000000000000")).isEmpty();
    }

    @Test
    void differentBugsAreDifferentIssues() {
        long io = enqueue("f", "io", 1);
        long auth = enqueue("g", "auth", 1);
        awaitFailures(FailureQuery.newest(10), 2);

        assertThat(issueOf(io).id()).isNotEqualTo(issueOf(auth).id());
        assertThat(node.issues(IssueQuery.latest(10))).hasSize(2);
    }
}
