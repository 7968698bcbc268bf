package dev.stevedore.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.spi.NewJob;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
                List.of(AWKWARD, "t" + i), Map.of("k\t" + i, AWKWARD, "plain", "v\n" + i));
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

}
