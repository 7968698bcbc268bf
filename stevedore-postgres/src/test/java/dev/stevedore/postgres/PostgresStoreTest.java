package dev.stevedore.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.spi.NewJob;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PostgreSQL-specific behaviour beyond the conformance suite: COPY of awkward text, NUL checks, large transactional inserts. */
class PostgresStoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AWKWARD = "tab\there, newline\nthere, cr\r, back\\slash, \\N, \\., quote\" 'é' "
            + "日本語 🚀 e\u0301 \u2028 end";

    private final PostgresFixture fixture = new PostgresFixture(PgTestDatabase.url());
    private final PostgresStore store = (PostgresStore) fixture.store();

    @AfterEach
    void close() {
        fixture.close();
    }

    static NewJob job(String kind, String queue, String args) {
        return new NewJob(kind, queue, args, 0, 3, JobState.AVAILABLE, null, Duration.ZERO, null, List.of(), Map.of());
    }

    static NewJob awkward(int i) {
        String args = "{\n\t\"i\": " + i + ",\r\n \"text\": " + quote(AWKWARD + i) + "}";
        return new NewJob("kind\t" + AWKWARD + i, "q\\" + (i % 3), args, i % 5, 1 + i % 7,
                i % 2 == 0 ? JobState.AVAILABLE : JobState.SCHEDULED, null, Duration.ofMillis(i), 
                i % 4 == 0 ? null : Duration.ofMillis(1000 + i),
                List.of(AWKWARD, "t" + i), Map.of("k\t" + i, AWKWARD, "plain", "v\n" + i), null, limits(i),
                i % 3 == 0 ? List.of() : List.of("key\t" + AWKWARD + i, "{\"a\",b}" + i));
    }

    /** Every mix of time limits: none, relative, absolute (PostgreSQL keeps microseconds). */
    private static NewJob.TimeLimits limits(int i) {
        return new NewJob.TimeLimits(
                i % 3 == 0 ? null : Duration.ofMillis(60_000 + i),
                i % 5 == 1 ? Instant.parse("2031-02-03T04:05:06.123456Z").plusMillis(i) : null,
                i % 5 == 2 ? Duration.ofHours(1).plusMillis(i) : null,
                i % 2 == 0 ? null : Duration.ofMillis(500 + i));
    }

    static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void copyAndUnnestInsertsRoundTripAwkwardStringsInInputOrder() throws Exception {
        List<NewJob> many = IntStream.range(0, 5_000).mapToObj(PostgresStoreTest::awkward).toList();
        List<NewJob> few = IntStream.range(0, JobInserter.COPY_THRESHOLD - 1).mapToObj(PostgresStoreTest::awkward).toList();
        Instant before = store.now();
        List<Long> copied = store.jobInsertMany(many);
        List<Long> unnested = store.jobInsertMany(few);

        assertThat(copied).hasSize(5_000).isSorted().doesNotHaveDuplicates();
        assertThat(unnested).hasSize(few.size()).isSorted();
        for (int i = 0; i < few.size(); i++) {
            assertRoundTrip(store.jobGet(copied.get(i)).orElseThrow(), few.get(i), before);
            assertRoundTrip(store.jobGet(unnested.get(i)).orElseThrow(), few.get(i), before);
        }
        assertRoundTrip(store.jobGet(copied.get(4_999)).orElseThrow(), many.get(4_999), before);
    }

    private static void assertRoundTrip(Job job, NewJob sent, Instant before) throws Exception {
        assertThat(job.kind()).isEqualTo(sent.kind());
        assertThat(job.queue()).isEqualTo(sent.queue());
        assertThat(JSON.readTree(job.args())).isEqualTo(JSON.readTree(sent.args()));
        assertThat(job.state()).isEqualTo(sent.state());
        assertThat(job.priority()).isEqualTo(sent.priority());
        assertThat(job.maxAttempts()).isEqualTo(sent.maxAttempts());
        assertThat(job.timeout()).isEqualTo(sent.timeout());
        assertThat(job.tags()).isEqualTo(sent.tags());
        assertThat(job.metadata()).isEqualTo(sent.metadata());
        assertThat(job.scheduledAt()).isAfterOrEqualTo(before.plus(sent.delay()))
                .isEqualTo(job.createdAt().plus(sent.delay()));
        NewJob.TimeLimits limits = sent.limits();
        assertThat(job.startBy()).isEqualTo(limits.startWithin() == null ? null : job.scheduledAt().plus(limits.startWithin()));
        assertThat(job.deadline()).isEqualTo(limits.deadline() != null ? limits.deadline()
                : limits.deadlineIn() != null ? job.createdAt().plus(limits.deadlineIn()) : null);
        assertThat(job.heartbeatTimeout()).isEqualTo(limits.heartbeatTimeout());
    }

    @Test
    void nulIsRejectedNamingTheJobBeforeAnythingIsSent() {
        List<NewJob> jobs = new ArrayList<>(IntStream.range(0, 100).mapToObj(i -> job("k", "q", "{}")).toList());
        jobs.set(42, job("k", "q", "{\"a\": \"x\\u0000y\"}"));
        assertThatThrownBy(() -> store.jobInsertMany(jobs))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("job 42");
        jobs.set(42, job("k\0", "q", "{}"));
        assertThatThrownBy(() -> store.jobInsertMany(jobs.subList(40, 50)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("job 2").hasMessageContaining("kind");
        assertThat(store.queueCounts()).isEmpty();
        // An escaped backslash followed by "u0000" is ordinary text.
        assertThat(store.jobInsertMany(List.of(job("k", "q", "{\"a\": \"\\\\u0000\"}")))).hasSize(1);
    }




    @Test
    void transactionalInsertExistsOnlyIfTheCallerCommits() throws Exception {
        for (int size : new int[] {1, 10, 500}) {
            List<NewJob> jobs = IntStream.range(0, size).mapToObj(i -> job("k", "tx" + size, "{}")).toList();
            try (Connection c = fixture.connection()) {
                c.setAutoCommit(false);
                List<Long> ids = store.jobInsertMany(c, jobs);
                assertThat(ids).hasSize(size);
                assertThat(store.jobGet(ids.get(0))).isEmpty();
                c.rollback();
                assertThat(store.jobGet(ids.get(0))).isEmpty();
                ids = store.jobInsertMany(c, jobs);
                c.commit();
                assertThat(store.jobGet(ids.get(size - 1))).isPresent();
                assertThat(c.getAutoCommit()).isFalse();
            }
        }
    }


    @Test
    void aCopyOfDefaultValuedJobsLeavesTheOptionalColumnsToTheTableDefaults() throws Exception {
        List<NewJob> plain = IntStream.range(0, 200)
                .mapToObj(i -> new NewJob("k", "plain", "{\"i\":" + i + "}", 0, CopyRows.TABLE_DEFAULT_MAX_ATTEMPTS,
                        JobState.AVAILABLE, null, Duration.ZERO, null, List.of(), Map.of()))
                .toList();
        assertThat(CopyRows.columnList(CopyRows.columnsFor(plain))).isEqualTo("id, kind, queue, args");
        List<NewJob> mixed = new ArrayList<>(plain);
        mixed.set(7, awkward(7));
        assertThat(CopyRows.columnsFor(mixed)).containsAll(EnumSet.allOf(CopyRows.Column.class));

        List<Long> ids = store.jobInsertMany(plain);
        Job first = store.jobGet(ids.get(0)).orElseThrow();
        Job last = store.jobGet(ids.get(199)).orElseThrow();
        assertThat(JSON.readTree(last.args()).get("i").asInt()).isEqualTo(199);
        for (Job job : List.of(first, last)) {
            assertThat(job.maxAttempts()).isEqualTo(CopyRows.TABLE_DEFAULT_MAX_ATTEMPTS);
            assertThat(job).extracting(Job::state, Job::priority, Job::timeout, Job::tags, Job::metadata)
                    .containsExactly(JobState.AVAILABLE, 0, null, List.of(), Map.of());
            assertThat(job.scheduledAt()).isEqualTo(job.createdAt());
        }
        try (Connection c = fixture.connection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT column_default FROM information_schema.columns WHERE table_schema = '"
                     + fixture.schema() + "' AND table_name = 'jobs' AND column_name = 'max_attempts'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as("CopyRows mirrors the migration's default")
                    .isEqualTo(Integer.toString(CopyRows.TABLE_DEFAULT_MAX_ATTEMPTS));
        }
    }

    @Test
    void aCopyGetsItsOwnIdsInInputOrderWhenTheSequenceHasGaps() throws Exception {
        // Another session drawing from the sequence mid-batch leaves gaps; a sequence stepping by 2 is a
        // deterministic way to get them, which sends the reservation down its full-list path.
        try (Connection c = fixture.connection(); Statement st = c.createStatement()) {
            st.execute("ALTER SEQUENCE " + fixture.schema() + ".jobs_id_seq INCREMENT BY 2");
        }
        List<NewJob> jobs = IntStream.range(0, 300).mapToObj(i -> job("k", "gaps", "{\"i\":" + i + "}")).toList();
        List<Long> ids = store.jobInsertMany(jobs);

        assertThat(ids).hasSize(300).isSorted().doesNotHaveDuplicates();
        assertThat(ids.get(1) - ids.get(0)).isEqualTo(2);
        for (int i : new int[] {0, 1, 150, 299}) {
            assertThat(JSON.readTree(store.jobGet(ids.get(i)).orElseThrow().args()).get("i").asInt()).isEqualTo(i);
        }
    }
}
