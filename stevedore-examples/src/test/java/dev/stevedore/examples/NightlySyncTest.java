package dev.stevedore.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.Enqueued;
import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.Stevedore;
import dev.stevedore.spi.JobFilter;
import dev.stevedore.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fan-out guide's example runs as written: a run-now of the nightly schedule enqueues every account once. */
class NightlySyncTest {
    @TempDir
    Path dir;

    @Test
    void aRunOfTheNightlyJobEnqueuesOneSyncPerAccount() {
        List<Long> accountIds = LongStream.rangeClosed(1, 1234).boxed().toList();
        NightlySync.Accounts accounts = (after, limit) ->
                accountIds.stream().filter(id -> id > after).limit(limit).toList();
        AtomicReference<Stevedore> node = new AtomicReference<>();
        try (SqliteStore store = SqliteStore.file(dir.resolve("jobs.db"));
             Stevedore stevedore = NightlySync.register(Stevedore.builder().store(store), new NightlySync(accounts, node::get),
                     (ctx, job) -> {}).queue("default").build()) {
            node.set(stevedore);
            stevedore.start();
            Enqueued start = stevedore.cron().runNow("nightly-sync");
            await().atMost(Duration.ofSeconds(20)).until(() -> stevedore.job(start.id()).orElseThrow().state() == JobState.COMPLETED);

            List<Job> syncs = store.jobList(new JobFilter(Set.of(), null, "accounts.sync", null, 5000));
            assertThat(syncs).hasSize(1234).extracting(Job::args).doesNotHaveDuplicates();
            assertThat(syncs).allSatisfy(job -> assertThat(job.metadata())
                    .containsEntry("stevedore.fanout.run", "eu/job-" + start.id()));
            assertThat(stevedore.job(start.id()).orElseThrow().output()).contains("\"enqueued\":1234");
        }
    }
}
