package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.Issue;
import dev.stevedore.IssueQuery;
import dev.stevedore.JobKind;
import dev.stevedore.Stevedore;
import dev.stevedore.StevedoreBuilder;
import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.CrashLimit;
import dev.stevedore.spi.RescueRequest;
import dev.stevedore.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code queues}, {@code issues} and {@code nodes} against a real SQLite file, through the library's own actions. */
class OperatorCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @JobKind("test.charge")
    record Charge(int account) {}

    @Test
    void queuesArePausedClearedOnlyWhenConfirmedAndResumed() throws Exception {
        String db = migrated();
        for (int i = 0; i < 3; i++) {
            ok("enqueue", "-d", db, "--kind", "email.send", "--args", "{\"n\":" + i + "}", "--queue", "mail");
        }
        assertThat(ok("queues", "list", "-d", db).out()).contains("mail").doesNotContain("paused");

        assertThat(ok("queues", "pause", "mail", "-d", db).out()).contains("paused mail");
        JsonNode listed = JSON.readTree(ok("queues", "list", "-d", db, "--json").out());
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("queue").asText()).isEqualTo("mail");
        assertThat(listed.get(0).get("paused").asBoolean()).isTrue();
        assertThat(listed.get(0).get("counts").get("available").asLong()).isEqualTo(3);

        CliRun unconfirmed = CliRun.of("queues", "clear", "mail", "-d", db);
        assertThat(unconfirmed.code()).as(unconfirmed.toString()).isEqualTo(Main.USAGE);
        assertThat(unconfirmed.err()).contains("add --yes to confirm");
        assertThat(JSON.readTree(ok("queues", "list", "-d", db, "--json").out()).get(0).get("counts").get("available").asLong())
                .isEqualTo(3);

        assertThat(ok("queues", "clear", "mail", "--yes", "-d", db).out()).contains("cancelled 3 waiting jobs of mail");
        JsonNode cleared = JSON.readTree(ok("queues", "list", "-d", db, "--json").out()).get(0).get("counts");
        assertThat(cleared.get("available").asLong()).isZero();
        assertThat(cleared.get("cancelled").asLong()).isEqualTo(3);

        assertThat(ok("queues", "resume", "mail", "-d", db).out()).contains("resumed mail");
        assertThat(ok("queues", "resume", "mail", "-d", db).out()).contains("mail was not paused");
        assertThat(JSON.readTree(ok("queues", "list", "-d", db, "--json").out()).get(0).get("paused").asBoolean()).isFalse();
    }

    @Test
    void badQueueNamesAndMissingSubcommandsAreUsageErrors() throws Exception {
        String db = migrated();
        CliRun badName = CliRun.of("queues", "pause", "no spaces allowed", "-d", db);
        assertThat(badName.code()).as(badName.toString()).isEqualTo(Main.USAGE);
        assertThat(badName.err()).contains("no spaces allowed");
        CliRun bare = CliRun.of("queues", "-d", db);
        assertThat(bare.code()).as(bare.toString()).isEqualTo(Main.USAGE);
        Path mistyped = dir.resolve("jobz.db");
        CliRun missing = CliRun.of("queues", "list", "-d", mistyped.toString());
        assertThat(missing.code()).as(missing.toString()).isEqualTo(Main.USAGE);
        assertThat(missing.err()).contains("no SQLite database at " + mistyped);
        assertThat(mistyped).doesNotExist();
    }

    @Test
    void issuesAreListedShownAndResolvedAndNodesListed() throws Exception {
        String db = migrated();
        assertThat(ok("issues", "list", "-d", db).out()).contains("No issues.");
        assertThat(ok("nodes", "-d", db).out()).contains("No worker nodes.");

        String issueId;
        try (Stevedore node = Stevedore.builder().store(SqliteStore.file(Path.of(db)))
                .nodeId("billing-node")
                .handle(Charge.class, (ctx, job) -> {
                    throw new IllegalStateException("card of account " + job.account() + " declined");
                })
                .defaultMaxAttempts(1)
                .queue("billing", q -> q.concurrency(2))
                .build()) {
            node.start();
            node.enqueueMany(List.of(new Charge(1), new Charge(2)), o -> o.queue("billing"));
            // Failures are recorded a moment after the attempt, off the hot path.
            List<Issue> issues = await().atMost(Duration.ofSeconds(20))
                    .until(() -> node.issues(IssueQuery.latest(10)), l -> !l.isEmpty() && l.get(0).count() == 2);
            issueId = issues.get(0).id();

            CliRun nodes = ok("nodes", "-d", db);
            assertThat(nodes.out()).contains("billing-node").contains("billing").contains("leader");
            assertThat(JSON.readTree(ok("nodes", "-d", db, "--json").out()).get(0).get("nodeId").asText())
                    .isEqualTo("billing-node");
        }

        CliRun list = ok("issues", "list", "-d", db);
        assertThat(list.out()).contains(issueId).contains("open").contains("IllegalStateException")
                .contains("billing");
        CliRun show = ok("issues", "show", issueId, "-d", db);
        assertThat(show.out()).contains("Issue " + issueId + ": open").contains("Count:      2")
                .contains("declined").contains("billing-node");

        assertThat(ok("issues", "resolve", issueId, "-d", db).out()).contains("resolved " + issueId + ": now resolved");
        JsonNode resolved = JSON.readTree(ok("issues", "list", "--status", "resolved", "-d", db, "--json").out());
        assertThat(resolved).hasSize(1);
        assertThat(resolved.get(0).get("id").asText()).isEqualTo(issueId);
        assertThat(JSON.readTree(ok("issues", "list", "--status", "open", "-d", db, "--json").out())).isEmpty();
        assertThat(ok("issues", "ignore", issueId, "-d", db).out()).contains("now ignored");
        assertThat(ok("issues", "reopen", issueId, "-d", db).out()).contains("now open");

        CliRun unknown = CliRun.of("issues", "show", "0123456789abcdef", "-d", db);
        assertThat(unknown.code()).as(unknown.toString()).isEqualTo(Main.USAGE);
        assertThat(unknown.err()).contains("no issue 0123456789abcdef");
        CliRun badLimit = CliRun.of("issues", "list", "--limit", "0", "-d", db);
        assertThat(badLimit.code()).as(badLimit.toString()).isEqualTo(Main.USAGE);
        assertThat(badLimit.err()).contains("limit must be in [1, 500], was 0");
    }

    @Test
    void cronSchedulesAreListedDisabledEnabledAndRunAndJobsFoundShownCancelledAndRetried() throws Exception {
        String db = migrated();
        assertThat(ok("cron", "list", "-d", db).out()).contains("No cron schedules");
        // A node declares its schedules when it starts.
        StevedoreBuilder declaring = Stevedore.builder().store(SqliteStore.file(Path.of(db)));
        new TestWorkerModule().configure(declaring);
        declaring.queue("greetings");
        try (Stevedore node = declaring.build()) {
            node.start();
            node.pauseQueue("greetings"); // so the job `cron run` enqueues below waits for the commands
        }
        String nightly = TestWorkerModule.NIGHTLY;
        assertThat(ok("cron", "list", "-d", db).out()).contains(nightly).contains("0 0 3 1 1 *").doesNotContain("disabled");
        assertThat(ok("cron", "disable", nightly, "--reason", "maintenance", "-d", db).out()).contains("disabled " + nightly);
        assertThat(ok("cron", "list", "-d", db).out()).contains("disabled: maintenance");
        assertThat(ok("cron", "enable", nightly, "-d", db).out()).contains("enabled " + nightly);
        assertThat(JSON.readTree(ok("cron", "list", "-d", db, "--json").out()).get(0).get("disabled").isNull()).isTrue();

        String classpath = Path.of("target", "test-classes").toString();
        CliRun noClasspath = CliRun.of("cron", "run", nightly, "-d", db);
        assertThat(noClasspath.code()).as(noClasspath.toString()).isEqualTo(Main.USAGE);
        CliRun undeclared = CliRun.of("cron", "run", "no-such-schedule", "-d", db, "--classpath", classpath);
        assertThat(undeclared.code()).as(undeclared.toString()).isEqualTo(Main.USAGE);
        assertThat(undeclared.err()).contains("\"no-such-schedule\" is not declared");
        String ran = ok("cron", "run", nightly, "-d", db, "--classpath", classpath).out();
        assertThat(ran).contains(nightly + ": enqueued job ");
        long id = Long.parseLong(ran.replaceAll("(?s).*enqueued job (\\d+).*", "$1"));

        JsonNode listed = JSON.readTree(ok("jobs", "list", "--kind", "cli-test.greet", "-d", db, "--json").out()).get("jobs");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("id").asLong()).isEqualTo(id);
        assertThat(listed.get(0).get("state").asText()).isEqualTo("AVAILABLE");
        assertThat(ok("jobs", "show", Long.toString(id), "-d", db).out()).contains("Job " + id + ": available")
                .contains("{\"name\":\"nightly\"}").contains("stevedore.cron.trigger=run-now");

        assertThat(ok("jobs", "cancel", Long.toString(id), "-d", db).out()).contains("cancelled job " + id + ": now cancelled");
        assertThat(ok("jobs", "list", "--state", "available,scheduled", "-d", db).out()).contains("No jobs match.");
        assertThat(ok("jobs", "list", "--state", "cancelled", "-d", db).out()).contains(Long.toString(id)).contains("cancelled");
        assertThat(ok("jobs", "retry", Long.toString(id), "-d", db).out()).contains("retried job " + id + ": now available");
        CliRun notFinished = CliRun.of("jobs", "delete", Long.toString(id), "-d", db);
        assertThat(notFinished.code()).as(notFinished.toString()).isEqualTo(Main.FAILURE);
        assertThat(notFinished.err()).contains("job " + id + " is available and was left as it is").contains("finished");
        assertThat(ok("jobs", "discard", Long.toString(id), "-d", db).out()).contains("discarded job " + id + ": now discarded");
        CliRun discardedTwice = CliRun.of("jobs", "discard", Long.toString(id), "-d", db);
        assertThat(discardedTwice.code()).as(discardedTwice.toString()).isZero();
        assertThat(ok("jobs", "show", Long.toString(id), "-d", db).out()).contains("discarded").contains("operator");
        assertThat(ok("jobs", "delete", Long.toString(id), "-d", db).out()).contains("deleted job " + id);
        CliRun gone = CliRun.of("jobs", "delete", Long.toString(id), "-d", db);
        assertThat(gone.code()).as(gone.toString()).isEqualTo(Main.USAGE);
        assertThat(gone.err()).contains("no job " + id);

        CliRun unknown = CliRun.of("jobs", "show", "999999", "-d", db);
        assertThat(unknown.code()).as(unknown.toString()).isEqualTo(Main.USAGE);
        assertThat(unknown.err()).contains("no job 999999");
        CliRun badState = CliRun.of("jobs", "list", "--state", "finished", "-d", db);
        assertThat(badState.code()).as(badState.toString()).isEqualTo(Main.USAGE);
        assertThat(badState.err()).contains("finished");
        CliRun badLimit = CliRun.of("jobs", "list", "--limit", "20000", "-d", db);
        assertThat(badLimit.code()).as(badLimit.toString()).isEqualTo(Main.USAGE);
        assertThat(badLimit.err()).contains("limit must be in [1, 10000], was 20000");
    }

    @Test
    void quarantinedJobsAreListedShownAndReleasedByRetry() throws Exception {
        String db = migrated();
        ok("enqueue", "-d", db, "--kind", "report.render", "--args", "{\"n\":1}", "--queue", "reports");
        ok("enqueue", "-d", db, "--kind", "report.render", "--args", "{\"n\":2}", "--queue", "reports");
        long poison;
        try (SqliteStore store = SqliteStore.file(Path.of(db))) {
            // Its node dies while running it (a node id that never beats), and one crash is the limit here.
            poison = store.jobClaim(new ClaimRequest("reports", "ghost", 1)).get(0).id();
            store.jobRescue(new RescueRequest(Duration.ofSeconds(1), Duration.ZERO, "leader", 10)
                    .countingCrashes(new CrashLimit(1, Duration.ofHours(1))));
        }

        CliRun list = ok("jobs", "list", "--quarantined", "-d", db);
        assertThat(list.out()).contains(poison + " ").contains("held (quarantined)").contains("NodeLost");
        JsonNode listed = JSON.readTree(ok("jobs", "list", "--quarantined", "--json", "-d", db).out()).get("jobs");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("id").asLong()).isEqualTo(poison);
        assertThat(listed.get(0).get("quarantinedAt").isNull()).isFalse();
        assertThat(JSON.readTree(ok("jobs", "list", "--json", "-d", db).out()).get("jobs")).as("both jobs without the filter")
                .hasSize(2);
        assertThat(ok("jobs", "show", Long.toString(poison), "-d", db).out())
                .contains("Job " + poison + ": held (quarantined)").contains("stevedore jobs retry " + poison)
                .contains("quarantined after crashing its worker 1 time(s) within PT1H");

        assertThat(ok("jobs", "retry", Long.toString(poison), "-d", db).out())
                .contains("retried job " + poison + ": now available");
        assertThat(ok("jobs", "list", "--quarantined", "-d", db).out()).contains("No jobs match.");
    }

    private String migrated() {
        return CliRun.migrated(dir);
    }

    private static CliRun ok(String... args) {
        return CliRun.ok(args);
    }
}
