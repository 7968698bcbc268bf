package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.AttemptError;
import dev.stevedore.ErrorCategory;
import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.Stevedore;
import dev.stevedore.StevedoreBuilder;
import dev.stevedore.spi.AuditEntry;
import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.Completion;
import dev.stevedore.spi.JobFilter;
import dev.stevedore.spi.Store;
import dev.stevedore.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jobs retry|cancel|discard|delete --all-matching} and {@code cron backfill} against a real SQLite file. */
class JobsByFilterAndBackfillTest {
    @TempDir
    Path dir;

    @Test
    void allMatchingCountsWithoutYesThenActsOnEveryMatchingJobAndAuditsTheFilterAndTheCount() {
        String db = migrated();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(enqueue(db, "bulk"));
        }
        long other = enqueue(db, "elsewhere");
        assertThat(ok("jobs", "list", "--queue", "bulk", "--state", "available", "-d", db).out()).contains(String.valueOf(ids.get(0)))
                .doesNotContain(" elsewhere ");
        assertThat(ok("jobs", "list", "--tag", "no-such-tag", "-d", db).out()).contains("No jobs match.");

        CliRun counted = CliRun.of("jobs", "cancel", "--all-matching", "--queue", "bulk", "-d", db);
        assertThat(counted.code()).as(counted.toString()).isEqualTo(Main.USAGE);
        assertThat(counted.out()).contains("5 job(s) match queue=bulk");
        assertThat(counted.err()).contains("add --yes to cancel them");
        assertThat(states(db, ids)).containsOnly(JobState.AVAILABLE);

        CliRun cancelled = ok("jobs", "cancel", "--all-matching", "--queue", "bulk", "--state", "available", "--yes", "-d", db);
        assertThat(cancelled.out()).contains("cancel: 5 of 5 job(s) matching state=available queue=bulk changed")
                .contains("5 job(s): done: now cancelled");
        assertThat(states(db, ids)).containsOnly(JobState.CANCELLED);
        assertThat(states(db, List.of(other))).containsOnly(JobState.AVAILABLE);

        ok("jobs", "delete", "--all-matching", "--queue", "bulk", "--yes", "-d", db);
        try (Store store = SqliteStore.file(Path.of(db))) {
            assertThat(store.jobList(new JobFilter(Set.of(), "bulk", null, null, 10))).isEmpty();
            List<AuditEntry> entries = store.auditList(null, 2);
            assertThat(entries.get(1).action()).isEqualTo("job.cancel");
            assertThat(entries.get(1).target()).isEqualTo("jobs matching state=available queue=bulk");
            assertThat(entries.get(1).jobIds()).containsExactlyElementsOf(ids.reversed());
            assertThat(entries.get(1).outcome()).contains("5 of 5");
            assertThat(entries.get(0).action()).isEqualTo("job.delete");
            assertThat(entries.get(0).outcome()).contains("delete: 5 of 5");
        }
    }

    @Test
    void allMatchingRetryLeavesJobsHeldForAuthenticationUnlessConfirmed() {
        String db = migrated();
        long cancelled = enqueue(db, "held-q");
        ok("jobs", "cancel", String.valueOf(cancelled), "-d", db);
        long held = heldForAuthentication(db, "held-q");

        CliRun retried = ok("jobs", "retry", "--all-matching", "--queue", "held-q", "--yes", "-d", db);
        assertThat(retried.out()).contains("retry: 1 of 1 job(s) matching queue=held-q changed; 1 held for an authentication"
                + " error left held");
        assertThat(states(db, List.of(cancelled, held))).containsExactly(JobState.AVAILABLE, JobState.HELD);

        assertThat(ok("jobs", "retry", "--all-matching", "--queue", "held-q", "--state", "held", "--confirm-auth", "--yes",
                "-d", db).out()).contains("retry: 1 of 1").contains("(authentication holds confirmed)");
        assertThat(states(db, List.of(held))).containsExactly(JobState.AVAILABLE);
    }

    @Test
    void badCombinationsAreUsageErrors() {
        String db = migrated();
        long id = enqueue(db, "mail");
        assertUsage(CliRun.of("jobs", "retry", "-d", db), "give a job ID, or --all-matching");
        assertUsage(CliRun.of("jobs", "retry", String.valueOf(id), "--all-matching", "-d", db), "not both");
        assertUsage(CliRun.of("jobs", "retry", String.valueOf(id), "--queue", "mail", "-d", db), "need --all-matching");
        assertUsage(CliRun.of("jobs", "cancel", "--all-matching", "--queue", "mail'--", "--yes", "-d", db), "queue");
        assertUsage(CliRun.of("jobs", "cancel", "--all-matching", "--state", "finished", "--yes", "-d", db), "--state");
        assertThat(states(db, List.of(id))).containsOnly(JobState.AVAILABLE);
    }

    @Test
    void cronBackfillEnqueuesEachMissingTickOnce() {
        String db = migrated();
        StevedoreBuilder declaring = Stevedore.builder().store(SqliteStore.file(Path.of(db)));
        new TestWorkerModule().configure(declaring);
        declaring.queue("greetings");
        try (Stevedore node = declaring.build()) {
            node.start();
            node.pauseQueue("greetings");
        }
        String classpath = Path.of("target", "test-classes").toString();
        String nightly = TestWorkerModule.NIGHTLY;
        // Its expression fires on 1 January at 03:00: four ticks in four years.
        assertThat(ok("cron", "backfill", nightly, "--from", "2020-01-01T00:00:00Z", "--to", "2024-01-01T00:00:00Z",
                "--classpath", classpath, "-d", db).out()).contains(nightly + ": backfilled 4 of 4 tick(s)");
        assertThat(ok("cron", "backfill", nightly, "--from", "2021-01-01T00:00:00Z", "--to", "2025-01-01T00:00:00Z",
                "--classpath", classpath, "-d", db).out()).contains("backfilled 1 of 4 tick(s)")
                .contains("the others had a job already");
        assertUsage(CliRun.of("cron", "backfill", nightly, "--from", "2024-01-01T00:00:00Z", "--to", "2020-01-01T00:00:00Z",
                "--classpath", classpath, "-d", db), "from");
        assertUsage(CliRun.of("cron", "backfill", nightly, "--from", "yesterday", "--to", "2020-01-01T00:00:00Z",
                "--classpath", classpath, "-d", db), "--from");
        try (Store store = SqliteStore.file(Path.of(db))) {
            List<Job> jobs = store.jobList(new JobFilter(Set.of(), null, "cli-test.greet", null, 10));
            assertThat(jobs).hasSize(5).allSatisfy(j -> assertThat(j.metadata()).containsEntry("stevedore.cron.trigger", "backfill"));
            assertThat(store.auditList(null, 1).get(0).action()).isEqualTo("cron.backfill");
        }
    }

    private static void assertUsage(CliRun run, String text) {
        assertThat(run.code()).as(run.toString()).isEqualTo(Main.USAGE);
        assertThat(run.err()).as(run.toString()).contains(text);
    }

    private long enqueue(String db, String queue) {
        String printed = ok("enqueue", "-d", db, "--kind", "email.send", "--args", "{\"n\":1}", "--queue", queue).out();
        return Long.parseLong(printed.replaceAll("(?s)\\D*(\\d+).*", "$1"));
    }

    /** A job of {@code queue} (claimed alone) held for an authentication error, as a node leaves one. */
    private long heldForAuthentication(String db, String queue) {
        enqueue(db, queue);
        try (Store store = SqliteStore.file(Path.of(db))) {
            Job claimed = store.jobClaim(new ClaimRequest(queue, "cli-test", 1)).get(0);
            store.jobCompleteMany(List.of(new Completion(claimed.id(), claimed.attempt(), JobState.HELD, Duration.ZERO,
                    new AttemptError(claimed.attempt(), store.now(), "cli-test", "javax.security.auth.login.LoginException",
                            "token expired", "", ErrorCategory.AUTHENTICATION, Duration.ofMillis(5)),
                    Completion.AttemptUse.CONSUMED)));
            return claimed.id();
        }
    }

    private static List<JobState> states(String db, List<Long> ids) {
        try (Store store = SqliteStore.file(Path.of(db))) {
            return ids.stream().map(id -> store.jobGet(id).orElseThrow().state()).toList();
        }
    }

    private String migrated() {
        return CliRun.migrated(dir);
    }

    private static CliRun ok(String... args) {
        return CliRun.ok(args);
    }
}
