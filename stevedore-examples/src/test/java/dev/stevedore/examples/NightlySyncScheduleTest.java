package dev.stevedore.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.Stevedore;
import dev.stevedore.test.Drained;
import dev.stevedore.test.StevedoreTest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The example of docs/testing.md: the nightly sync tested with {@code stevedore-test}, no sleeping, no
 * worker threads. The test's clock jumps a day ahead, the 01:00 tick fires on the way, and each
 * {@code drainUntilIdle()} runs on this thread whatever is due: the nightly job, then the account syncs
 * of the first slot that are due; the later slots (500 syncs a minute) wait until the clock reaches them.
 */
class NightlySyncScheduleTest {
    private final List<Long> accountIds = LongStream.rangeClosed(1, 1234).boxed().toList();
    private final Set<Long> synced = ConcurrentHashMap.newKeySet();
    private StevedoreTest test;

    @BeforeEach
    void startTest() {
        AtomicReference<Stevedore> node = new AtomicReference<>();
        NightlySync.Accounts accounts = (after, limit) -> accountIds.stream().filter(id -> id > after).limit(limit).toList();
        test = StevedoreTest.builder()                                  // a SQLite file of its own; manual mode
                .configure(b -> NightlySync.register(b, new NightlySync(accounts, node::get),
                        (ctx, job) -> synced.add(job.accountId())))     // the application's own registration
                .build();
        node.set(test.stevedore());
    }

    @AfterEach
    void closeTest() {
        test.close();                                                   // deletes the file
    }

    @Test
    void theNightlyTickFansOutAndTheSyncsRunSlotBySlot() {
        test.assertNotEnqueued(NightlySync.Start.class);

        test.advance(Duration.ofDays(1));                               // passes 01:00 Paris time once
        test.assertEnqueued(NightlySync.Start.class, start -> start.region().equals("eu"));

        Drained night = test.drainUntilIdle();                          // the nightly job, then the syncs due so far
        assertThat(night.ran()).filteredOn(job -> job.kind().equals("accounts.nightly-sync")).singleElement()
                .satisfies(job -> assertThat(job.state()).isEqualTo(JobState.COMPLETED));
        List<Job> waiting = test.enqueued("sync");                      // the later slots: due in the next minutes
        assertThat(waiting).isNotEmpty().allSatisfy(job -> assertThat(job.state()).isEqualTo(JobState.SCHEDULED));
        assertThat(synced.size() + waiting.size()).isEqualTo(accountIds.size());

        test.advance(Duration.ofMinutes(3));                            // the later slots come due
        test.drainUntilIdle();
        assertThat(synced).containsExactlyInAnyOrderElementsOf(accountIds);
        assertThat(test.enqueued()).isEmpty();
    }
}
