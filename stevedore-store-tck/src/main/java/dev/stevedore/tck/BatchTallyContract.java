package dev.stevedore.tck;

import static dev.stevedore.tck.ContractBatches.claim;
import static dev.stevedore.tck.ContractBatches.complete;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.BatchState;
import dev.stevedore.BatchStatus;
import dev.stevedore.EnqueuedBatch;
import dev.stevedore.Job;
import dev.stevedore.JobKind;
import dev.stevedore.JobState;
import dev.stevedore.Stevedore;
import dev.stevedore.spi.BatchFilter;
import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.Store;
import dev.stevedore.spi.jdbc.BatchTallies;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tallies of large running batches: a read that counts a batch of {@link BatchTallies#LARGE_BATCH}
 * units or more keeps the counts, later reads use them until {@link Store#batchTallyRefresh} counts
 * again, and the finish replaces them with the final tally. Smaller batches are counted at every read.
 */
public abstract class BatchTallyContract {
    @JobKind("tck.tally.item")
    public record Item(int n) {}

    @JobKind("tck.tally.done")
    public record Done(int n) {}

    private StoreFixture fixture;
    private Store store;
    private Stevedore stevedore;

    /** A fresh, migrated, isolated store for each test. */
    protected abstract StoreFixture createFixture();

    @BeforeEach
    void setUp() {
        fixture = createFixture();
        store = fixture.store();
        stevedore = Stevedore.builder().store(store).build(); // enqueues only; the test moves the jobs
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private EnqueuedBatch batchOf(int jobs) {
        List<Item> items = IntStream.range(0, jobs).mapToObj(Item::new).toList();
        return stevedore.enqueueBatch(b -> b.description(jobs + " items").onComplete(new Done(jobs),
                o -> o.queue("callbacks")).addAll(items, o -> o.queue("work")));
    }

    private BatchStatus read(long id) {
        return store.batchGet(id).orElseThrow();
    }

    private BatchStatus listed(long id) {
        return store.batchList(new BatchFilter(null, null, 10)).stream().filter(b -> b.id() == id)
                .findFirst().orElseThrow();
    }

    /** Completes one claimed job as completed, one as discarded and one as cancelled. */
    private void finishThree() {
        List<Job> three = store.jobClaim(new ClaimRequest("work", ContractBatches.NODE, 3));
        assertThat(three).hasSize(3);
        complete(store, three.get(0), JobState.COMPLETED);
        complete(store, three.get(1), JobState.DISCARDED);
        complete(store, three.get(2), JobState.CANCELLED);
    }

    /** The batch's jobs in {@code state}, counted with plain SQL. */
    private int jobsIn(long batchId, String state) throws SQLException {
        try (Connection c = fixture.connection();
             PreparedStatement count = c.prepareStatement(
                     "SELECT count(*) FROM " + fixture.table("jobs") + " WHERE batch_id = ? AND state = ?")) {
            count.setLong(1, batchId);
            count.setString(2, state);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void aLargeRunningBatchKeepsTheTallyItsFirstReadTookUntilARefreshCountsAgain() throws SQLException {
        long id = batchOf(BatchTallies.LARGE_BATCH).id();

        BatchStatus first = read(id);
        assertThat(first).extracting(BatchStatus::state, BatchStatus::total, BatchStatus::pending, BatchStatus::completed,
                BatchStatus::failed, BatchStatus::cancelled)
                .containsExactly(BatchState.RUNNING, BatchTallies.LARGE_BATCH, BatchTallies.LARGE_BATCH, 0, 0, 0);
        assertThat(first.talliedAt()).as("the first read kept what it counted").isNotNull();
        assertThat(read(id)).as("later reads use the tally").isEqualTo(first);

        finishThree();
        assertThat(jobsIn(id, "available")).isEqualTo(BatchTallies.LARGE_BATCH - 3);
        assertThat(read(id)).as("the tally stands until it is counted again").isEqualTo(first);
        assertThat(listed(id)).as("a list reads the tally too").isEqualTo(first);
        assertThat(store.batchTallyRefresh(Duration.ofHours(1), 10)).as("the tally is not an hour old").isZero();

        assertThat(store.batchTallyRefresh(Duration.ZERO, 10)).isEqualTo(1);
        BatchStatus refreshed = read(id);
        assertThat(refreshed).extracting(BatchStatus::state, BatchStatus::total, BatchStatus::pending,
                BatchStatus::completed, BatchStatus::failed, BatchStatus::cancelled)
                .containsExactly(BatchState.RUNNING, BatchTallies.LARGE_BATCH, BatchTallies.LARGE_BATCH - 3, 1, 1, 1);
        assertThat(refreshed.talliedAt()).isAfter(first.talliedAt());
        assertThat(listed(id)).isEqualTo(refreshed);
    }

    @Test
    void finishingATalliedBatchGivesTheFinalTallyAndNoTallyTime() throws SQLException {
        long id = batchOf(BatchTallies.LARGE_BATCH).id();
        Instant talliedAt = read(id).talliedAt();
        assertThat(talliedAt).isNotNull();
        finishThree();

        int cleared = store.queueClear("work", "tck: finish the batch");
        assertThat(store.batchSweep(100)).as("the sweep finishes the batch").isPositive();
        BatchStatus done = read(id);
        assertThat(done).extracting(BatchStatus::state, BatchStatus::total, BatchStatus::pending, BatchStatus::completed,
                BatchStatus::failed, BatchStatus::cancelled)
                .containsExactly(BatchState.FAILED, BatchTallies.LARGE_BATCH, 0, 1, 1, cleared + 1);
        assertThat(jobsIn(id, "cancelled")).isEqualTo(cleared + 1);
        assertThat(done.finishedAt()).isNotNull();
        assertThat(done.talliedAt()).as("a finished batch's counts are its final tally").isNull();
        assertThat(store.batchTallyRefresh(Duration.ZERO, 10)).as("a finished batch is not counted again").isZero();
        assertThat(read(id)).isEqualTo(done);
        assertThat(listed(id)).isEqualTo(done);
    }

    @Test
    void aSmallBatchIsCountedAtEveryReadAndNeverKeepsATally() {
        long id = batchOf(3).id();
        assertThat(read(id).talliedAt()).isNull();

        List<Job> claimed = claim(store, "work");
        complete(store, claimed.get(0), JobState.COMPLETED);
        BatchStatus counted = read(id);
        assertThat(counted).extracting(BatchStatus::total, BatchStatus::pending, BatchStatus::completed,
                BatchStatus::talliedAt).containsExactly(3, 2, 1, null);
        assertThat(listed(id)).isEqualTo(counted);
        assertThat(store.batchTallyRefresh(Duration.ZERO, 10)).as("it has no tally to count again").isZero();
        assertThat(read(id).talliedAt()).isNull();
    }

    @Test
    void aRefreshWithoutTalliedBatchesCountsNothing() {
        assertThat(store.batchTallyRefresh(Duration.ZERO, 10)).isZero();
    }

    @Test
    void aRefreshRefusesANegativeAgeAndALimitBelowOne() {
        assertThatThrownBy(() -> store.batchTallyRefresh(Duration.ofSeconds(-1), 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("olderThan must be ≥ 0");
        assertThatThrownBy(() -> store.batchTallyRefresh(Duration.ZERO, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit must be ≥ 1");
    }
}
