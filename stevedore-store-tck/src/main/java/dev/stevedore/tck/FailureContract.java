package dev.stevedore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.ErrorCategory;
import dev.stevedore.Failure;
import dev.stevedore.FailureQuery;
import dev.stevedore.Issue;
import dev.stevedore.IssueChange;
import dev.stevedore.IssueQuery;
import dev.stevedore.IssueStatus;
import dev.stevedore.spi.FailureRecord;
import dev.stevedore.spi.Store;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Failure records and issues at the store level: recording, filters and keyset paging, grouping into
 * issues, regressions of resolved issues, ignored issues, counts under concurrent recorders on two store
 * instances, and pruning by retention.
 */
public abstract class FailureContract {
    private StoreFixture fixture;
    private Store store;
    private Instant now;

    /** A fresh, migrated, isolated store for each test. */
    protected abstract StoreFixture createFixture();

    @BeforeEach
    void setUp() {
        fixture = createFixture();
        store = fixture.store();
        now = store.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private FailureRecord failure(String issue, long jobId, String queue, ErrorCategory category, Instant at) {
        return new FailureRecord(issue, jobId, "tck.failing", queue, "{\"user\":42,\"password\":\"[redacted]\"}",
                "java.io.IOException", "connection reset by 10.0.0." + jobId, "java.io.IOException: reset\n\tat a.B.c(B.java:1)",
                category, category == ErrorCategory.TRANSIENT, 2, "node-1", Duration.ofMillis(1234), at,
                List.of("import"), Map.of("tenant", "acme"));
    }

    private FailureRecord failure(String issue, long jobId, Instant at) {
        return failure(issue, jobId, "mail", ErrorCategory.TRANSIENT, at);
    }

    private Issue issue(String id) {
        return store.issueGet(id).orElseThrow();
    }

    @Nested
    class Records {
        @Test
        void everyFieldRoundTrips() {
            store.failureRecord(List.of(failure("aaaa000000000001", 7, now)));

            List<Failure> listed = store.failureList(FailureQuery.newest(10));

            assertThat(listed).hasSize(1);
            Failure f = listed.get(0);
            assertThat(f.issue()).isEqualTo("aaaa000000000001");
            assertThat(f.jobId()).isEqualTo(7);
            assertThat(f.kind()).isEqualTo("tck.failing");
            assertThat(f.queue()).isEqualTo("mail");
            assertThat(f.args()).contains("\"password\"").contains("[redacted]").contains("42");
            assertThat(f.errorClass()).isEqualTo("java.io.IOException");
            assertThat(f.message()).isEqualTo("connection reset by 10.0.0.7");
            assertThat(f.stack()).contains("a.B.c(B.java:1)");
            assertThat(f.category()).isEqualTo(ErrorCategory.TRANSIENT);
            assertThat(f.retryable()).isTrue();
            assertThat(f.attempt()).isEqualTo(2);
            assertThat(f.node()).isEqualTo("node-1");
            assertThat(f.duration()).isEqualTo(Duration.ofMillis(1234));
            assertThat(f.at()).isEqualTo(now);
            assertThat(f.tags()).containsExactly("import");
            assertThat(f.metadata()).containsExactly(Map.entry("tenant", "acme"));
        }

        @Test
        void filtersByQueueKindCategoryIssueAndTime() {
            store.failureRecord(List.of(
                    failure("aaaa000000000001", 1, "mail", ErrorCategory.TRANSIENT, now.minusSeconds(30)),
                    failure("aaaa000000000002", 2, "ai", ErrorCategory.AUTHENTICATION, now.minusSeconds(20)),
                    failure("aaaa000000000001", 3, "ai", ErrorCategory.TRANSIENT, now.minusSeconds(10))));

            assertThat(jobIds(FailureQuery.newest(10))).containsExactly(3L, 2L, 1L);
            assertThat(jobIds(FailureQuery.newest(10).queue("ai"))).containsExactly(3L, 2L);
            assertThat(jobIds(FailureQuery.newest(10).category(ErrorCategory.AUTHENTICATION))).containsExactly(2L);
            assertThat(jobIds(FailureQuery.newest(10).issue("aaaa000000000001"))).containsExactly(3L, 1L);
            assertThat(jobIds(FailureQuery.newest(10).kind("tck.failing"))).containsExactly(3L, 2L, 1L);
            assertThat(jobIds(FailureQuery.newest(10).kind("other"))).isEmpty();
            assertThat(jobIds(FailureQuery.newest(10).between(now.minusSeconds(25), now.minusSeconds(10))))
                    .containsExactly(2L);
            assertThat(jobIds(FailureQuery.newest(10).queue("ai").category(ErrorCategory.TRANSIENT))).containsExactly(3L);
        }

        @Test
        void pagesNewestFirstWithoutGapsOrRepeats() {
            List<FailureRecord> many = new ArrayList<>();
            for (long id = 1; id <= 23; id++) {
                many.add(failure("aaaa000000000001", id, now.plusMillis(id)));
            }
            store.failureRecord(many);

            List<Long> seen = new ArrayList<>();
            FailureQuery query = FailureQuery.newest(10);
            List<Failure> page = store.failureList(query);
            while (!page.isEmpty()) {
                assertThat(page.size()).isLessThanOrEqualTo(10);
                page.forEach(f -> seen.add(f.jobId()));
                query = query.before(page.get(page.size() - 1));
                page = store.failureList(query);
            }
            List<Long> expected = new ArrayList<>();
            for (long id = 23; id >= 1; id--) {
                expected.add(id);
            }
            assertThat(seen).isEqualTo(expected);
        }

        @Test
        void prunesOnlyFailuresOlderThanTheRetention() {
            store.failureRecord(List.of(
                    failure("aaaa000000000001", 1, now.minus(Duration.ofDays(10))),
                    failure("aaaa000000000001", 2, now.minus(Duration.ofDays(9))),
                    failure("aaaa000000000001", 3, now.minus(Duration.ofHours(1)))));

            assertThat(store.failurePrune(Duration.ofDays(7), 1)).isEqualTo(1);
            assertThat(store.failurePrune(Duration.ofDays(7), 100)).isEqualTo(1);
            assertThat(store.failurePrune(Duration.ofDays(7), 100)).isZero();

            assertThat(jobIds(FailureQuery.newest(10))).containsExactly(3L);
            assertThat(issue("aaaa000000000001").count()).as("issues keep their counts").isEqualTo(3);
        }

        private List<Long> jobIds(FailureQuery query) {
            return store.failureList(query).stream().map(Failure::jobId).toList();
        }
    }

    @Nested
    class Issues {
        @Test
        void groupsFailuresByFingerprintWithCountsTimesQueuesAndSamples() {
            store.failureRecord(List.of(
                    failure("aaaa000000000001", 1, "mail", ErrorCategory.TRANSIENT, now.minusSeconds(30)),
                    failure("aaaa000000000002", 2, "mail", ErrorCategory.TRANSIENT, now.minusSeconds(25)),
                    failure("aaaa000000000001", 3, "ai", ErrorCategory.TRANSIENT, now.minusSeconds(20))));
            List<FailureRecord> later = new ArrayList<>();
            for (long id = 10; id < 16; id++) {
                later.add(failure("aaaa000000000001", id, "mail", ErrorCategory.TRANSIENT, now.plusMillis(id)));
            }
            store.failureRecord(later);

            Issue first = issue("aaaa000000000001");
            assertThat(first.count()).isEqualTo(8);
            assertThat(first.kind()).isEqualTo("tck.failing");
            assertThat(first.errorClass()).isEqualTo("java.io.IOException");
            assertThat(first.firstSeen()).isEqualTo(now.minusSeconds(30));
            assertThat(first.lastSeen()).isEqualTo(now.plusMillis(15));
            assertThat(first.message()).as("the latest message").isEqualTo("connection reset by 10.0.0.15");
            assertThat(first.queues()).containsExactly("ai", "mail");
            assertThat(first.sampleJobIds()).containsExactly(11L, 12L, 13L, 14L, 15L);
            assertThat(first.status()).isEqualTo(IssueStatus.OPEN);
            assertThat(first.regressedAt()).isNull();
            assertThat(issue("aaaa000000000002").count()).isEqualTo(1);
            assertThat(store.issueGet("ffff000000000000")).isEmpty();
        }

        @Test
        void failuresAreCountedPerIssueAndBucketSinceAnInstant() {
            Instant since = now.minus(Duration.ofHours(3));
            store.failureRecord(List.of(failure("aaaa000000000001", 1, since.minusSeconds(1)),
                    failure("aaaa000000000001", 2, since), failure("aaaa000000000001", 3, since.plus(Duration.ofMinutes(59))),
                    failure("aaaa000000000001", 4, since.plus(Duration.ofMinutes(150))),
                    failure("aaaa000000000002", 5, since.plus(Duration.ofMinutes(61))),
                    failure("aaaa000000000003", 6, since.plus(Duration.ofMinutes(61)))));

            List<dev.stevedore.spi.FailureBucket> buckets = store.failureBuckets(List.of("aaaa000000000001", "aaaa000000000002"),
                    since, Duration.ofHours(1));
            assertThat(buckets).containsExactlyInAnyOrder(
                    new dev.stevedore.spi.FailureBucket("aaaa000000000001", since, 2),
                    new dev.stevedore.spi.FailureBucket("aaaa000000000001", since.plus(Duration.ofHours(2)), 1),
                    new dev.stevedore.spi.FailureBucket("aaaa000000000002", since.plus(Duration.ofHours(1)), 1));
            assertThat(store.failureBuckets(List.of(), since, Duration.ofHours(1))).isEmpty();
            assertThat(store.failureBuckets(List.of("ffff000000000000"), since, Duration.ofHours(1))).isEmpty();
            assertThatThrownBy(() -> store.failureBuckets(List.of("aaaa000000000001"), since, Duration.ofMillis(10)))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void samplesMergeAcrossBatchesKeepingTheLatest() {
            store.failureRecord(List.of(failure("aaaa000000000001", 1, now), failure("aaaa000000000001", 2, now)));
            store.failureRecord(List.of(failure("aaaa000000000001", 3, now.plusMillis(1))));
            store.failureRecord(List.of(failure("aaaa000000000001", 4, now.plusMillis(2)),
                    failure("aaaa000000000001", 5, now.plusMillis(3)), failure("aaaa000000000001", 6, now.plusMillis(4))));

            assertThat(issue("aaaa000000000001").sampleJobIds()).containsExactly(2L, 3L, 4L, 5L, 6L);
        }

        @Test
        void aResolvedIssueThatHappensAgainReopensAsARegression() {
            store.failureRecord(List.of(failure("aaaa000000000001", 1, now)));
            assertThat(store.issueSetStatus("aaaa000000000001", IssueStatus.RESOLVED).orElseThrow().status())
                    .isEqualTo(IssueStatus.RESOLVED);

            store.failureRecord(List.of(failure("aaaa000000000001", 2, now.plusSeconds(5))));

            Issue again = issue("aaaa000000000001");
            assertThat(again.status()).isEqualTo(IssueStatus.OPEN);
            assertThat(again.regressedAt()).isEqualTo(now.plusSeconds(5));
            assertThat(again.regressed()).isTrue();
            assertThat(again.count()).isEqualTo(2);
        }

        @Test
        void recordingReportsTheIssuesItOpenedAndRegressedOnce() {
            List<IssueChange> opened = store.failureRecord(List.of(failure("aaaa000000000002", 1, now),
                    failure("aaaa000000000001", 2, now.plusSeconds(1)), failure("aaaa000000000001", 3, now.plusSeconds(2))));

            assertThat(opened).extracting(IssueChange::type, IssueChange::issueId, IssueChange::at).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(IssueChange.Type.OPENED, "aaaa000000000001", now.plusSeconds(1)),
                    org.assertj.core.groups.Tuple.tuple(IssueChange.Type.OPENED, "aaaa000000000002", now));
            assertThat(opened.get(0).kind()).isEqualTo("tck.failing");
            assertThat(opened.get(0).errorClass()).isEqualTo("java.io.IOException");
            assertThat(store.failureRecord(List.of(failure("aaaa000000000001", 4, now.plusSeconds(3)))))
                    .as("an open issue only counts").isEmpty();

            store.issueSetStatus("aaaa000000000001", IssueStatus.RESOLVED);
            store.issueSetStatus("aaaa000000000002", IssueStatus.IGNORED);
            List<IssueChange> regressed = store.failureRecord(List.of(failure("aaaa000000000001", 5, now.plusSeconds(9)),
                    failure("aaaa000000000002", 6, now.plusSeconds(9))));

            assertThat(regressed).extracting(IssueChange::type, IssueChange::issueId, IssueChange::at).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(IssueChange.Type.REGRESSED, "aaaa000000000001", now.plusSeconds(9)));
            assertThat(store.failureRecord(List.of(failure("aaaa000000000001", 7, now.plusSeconds(10)))))
                    .as("reopened already").isEmpty();
            assertThat(store.issueRegressedList(10)).extracting(Issue::id).containsExactly("aaaa000000000001");
            store.issueSetStatus("aaaa000000000001", IssueStatus.RESOLVED);
            assertThat(store.issueRegressedList(10)).as("resolved again").isEmpty();
        }

        @Test
        void regressedIssuesAreListedLatestRegressionFirst() {
            for (int i = 1; i <= 3; i++) {
                String id = "aaaa00000000000" + i;
                store.failureRecord(List.of(failure(id, i, now)));
                store.issueSetStatus(id, IssueStatus.RESOLVED);
                store.failureRecord(List.of(failure(id, 10 + i, now.plusSeconds(i))));
            }

            assertThat(store.issueRegressedList(10)).extracting(Issue::id)
                    .containsExactly("aaaa000000000003", "aaaa000000000002", "aaaa000000000001");
            assertThat(store.issueRegressedList(2)).hasSize(2);
        }

        @Test
        void anOpenIssueThatFailsAgainIsNoRegression() {
            store.failureRecord(List.of(failure("aaaa000000000001", 1, now)));
            store.failureRecord(List.of(failure("aaaa000000000001", 2, now.plusSeconds(1))));

            assertThat(issue("aaaa000000000001").regressedAt()).isNull();
        }

        @Test
        void anIgnoredIssueKeepsCountingButStaysIgnored() {
            store.failureRecord(List.of(failure("aaaa000000000001", 1, now)));
            store.issueSetStatus("aaaa000000000001", IssueStatus.IGNORED);

            store.failureRecord(List.of(failure("aaaa000000000001", 2, now.plusSeconds(1))));

            Issue ignored = issue("aaaa000000000001");
            assertThat(ignored.status()).isEqualTo(IssueStatus.IGNORED);
            assertThat(ignored.count()).isEqualTo(2);
            assertThat(ignored.regressedAt()).isNull();
            assertThat(store.issueSetStatus("aaaa000000000001", IssueStatus.OPEN).orElseThrow().status())
                    .isEqualTo(IssueStatus.OPEN);
            assertThat(store.issueSetStatus("ffff000000000000", IssueStatus.RESOLVED)).isEmpty();
        }

        @Test
        void listsLatestSeenFirstFilteredAndPaged() {
            for (int i = 0; i < 7; i++) {
                store.failureRecord(List.of(failure("aaaa00000000000" + i, i, now.plusSeconds(i))));
            }
            store.issueSetStatus("aaaa000000000003", IssueStatus.IGNORED);

            List<String> seen = new ArrayList<>();
            IssueQuery query = IssueQuery.latest(3);
            List<Issue> page = store.issueList(query);
            while (!page.isEmpty()) {
                page.forEach(i -> seen.add(i.id()));
                query = query.after(page.get(page.size() - 1));
                page = store.issueList(query);
            }
            assertThat(seen).containsExactly("aaaa000000000006", "aaaa000000000005", "aaaa000000000004",
                    "aaaa000000000003", "aaaa000000000002", "aaaa000000000001", "aaaa000000000000");
            assertThat(store.issueList(IssueQuery.latest(10).status(IssueStatus.IGNORED)))
                    .extracting(Issue::id).containsExactly("aaaa000000000003");
            assertThat(store.issueList(IssueQuery.latest(10).kind("other"))).isEmpty();
        }

        @Test
        void concurrentRecordersOnTwoStoresLoseNoCount() throws Exception {
            int threads = 8;
            int batches = 15;
            int perBatch = 20;
            List<IssueChange> changes = java.util.Collections.synchronizedList(new ArrayList<>());
            try (Store second = fixture.secondStore()) {
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                try {
                    List<Future<?>> futures = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        Store target = t % 2 == 0 ? store : second;
                        int thread = t;
                        futures.add(pool.submit(() -> {
                            for (int b = 0; b < batches; b++) {
                                List<FailureRecord> batch = new ArrayList<>();
                                for (int i = 0; i < perBatch; i++) {
                                    // Two shared issues, in both orders across threads, plus one per thread.
                                    String issue = switch ((i + thread) % 3) {
                                        case 0 -> "aaaa000000000001";
                                        case 1 -> "aaaa000000000002";
                                        default -> "bbbb00000000000" + thread;
                                    };
                                    batch.add(failure(issue, thread * 10_000L + b * 100L + i, now.plusMillis(b)));
                                }
                                changes.addAll(target.failureRecord(batch));
                            }
                            return null;
                        }));
                    }
                    for (Future<?> f : futures) {
                        f.get();
                    }
                } finally {
                    pool.shutdownNow();
                }
            }
            long total = store.issueList(IssueQuery.latest(100)).stream().mapToLong(Issue::count).sum();
            assertThat(total).isEqualTo((long) threads * batches * perBatch);
            assertThat(changes).as("each new issue reported opened by exactly one recorder")
                    .allMatch(c -> c.type() == IssueChange.Type.OPENED)
                    .extracting(IssueChange::issueId).doesNotHaveDuplicates().hasSize(2 + threads);
            long rows = 0;
            FailureQuery query = FailureQuery.newest(FailureQuery.MAX_LIMIT);
            for (List<Failure> page = store.failureList(query); !page.isEmpty();
                 page = store.failureList(query = query.before(page.get(page.size() - 1)))) {
                rows += page.size();
            }
            assertThat(rows).isEqualTo(total);
        }
    }
}
