package dev.stevedore.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.EnqueuedBatch;
import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.UpstreamFailure;
import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.Completion;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's HTTP layer for acting on many things at once and following groups of jobs: every job
 * matching a filter, cron backfills, batches and workflows. Runs with {@link DashboardHttpContract}'s
 * store, node and dashboards (subclassed per store engine).
 */
abstract class DashboardOperationsHttpContract extends DashboardSecurityContract {
    @Test
    void allMatchingActsOnEveryJobOfTheFilterAfterAConfirmationAndIsAuditedWithTheFilterAndTheCount() {
        Http http = Http.anonymous(open);
        String csrf = http.csrf();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(node.enqueue(new Digest("bulk-" + i), o -> o.queue("bulk-q").tags("bulk")).id());
        }
        node.enqueue(new Digest("other queue"), o -> o.queue("bulk-other").tags("bulk"));
        assertThat(http.get("/jobs?queue=bulk-q").body()).contains("id=\"bulk-cancel\"")
                .contains("<input type=\"hidden\" name=\"queue\" value=\"bulk-q\">");

        HttpResponse<String> asked = http.post("/jobs/bulk", form("_csrf", csrf, "action", "cancel", "queue", "bulk-q", "tag", "bulk"));
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(200);
        assertThat(asked.body()).contains("Cancel 7 job(s) matching queue=bulk-q tag=bulk?");
        assertThat(ids).allSatisfy(id -> assertThat(node.job(id).orElseThrow().state()).isEqualTo(JobState.AVAILABLE));
        long late = node.enqueue(new Digest("enqueued after the confirmation"), o -> o.queue("bulk-q").tags("bulk")).id();

        HttpResponse<String> done = http.post("/jobs/bulk", form("_csrf", csrf, "action", "cancel", "queue", "bulk-q", "tag", "bulk",
                "before", hidden(asked.body(), "before"), "confirm", "yes"));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(done.body()).contains("cancel: 7 of 7 job(s) matching queue=bulk-q tag=bulk changed")
                .contains("7 job(s): done: now cancelled");
        assertThat(ids).allSatisfy(id -> assertThat(node.job(id).orElseThrow().state()).isEqualTo(JobState.CANCELLED));
        assertThat(node.job(late).orElseThrow().state()).as("enqueued after the count").isEqualTo(JobState.AVAILABLE);
        assertThat(store.jobList(new dev.stevedore.spi.JobFilter(java.util.Set.of(JobState.AVAILABLE), "bulk-other", null, null, 5)))
                .as("another queue").hasSize(1);

        dev.stevedore.spi.AuditEntry entry = store.auditList(null, 1).get(0);
        assertThat(entry.action()).isEqualTo("job.cancel");
        assertThat(entry.target()).isEqualTo("jobs matching queue=bulk-q tag=bulk");
        assertThat(entry.jobIds()).containsExactlyElementsOf(ids.reversed());
        assertThat(entry.outcome()).contains("7 of 7");
        assertThat(http.get("/audit").body()).contains("jobs matching queue=bulk-q tag=bulk");

        assertThat(http.post("/jobs/bulk", form("_csrf", csrf, "action", "retry", "queue", "bulk-none")).body())
                .contains("No job matches queue=bulk-none");
    }

    @Test
    void allMatchingRetryLeavesJobsHeldForAuthenticationUntilConfirmedExplicitly() {
        Http http = Http.anonymous(open);
        String csrf = http.csrf();
        long held = heldForAuthentication("bulk-held");
        long cancelled = node.enqueue(new Digest("cancelled"), o -> o.queue("bulk-held")).id();
        node.cancel(cancelled);

        HttpResponse<String> done = http.post("/jobs/bulk", form("_csrf", csrf, "action", "retry", "queue", "bulk-held",
                "confirm", "yes"));
        assertThat(done.body()).contains("retry: 1 of 1 job(s) matching queue=bulk-held changed; 1 held for an authentication"
                + " error left held").contains("id=\"confirm-auth\"");
        assertThat(node.job(cancelled).orElseThrow().state()).isEqualTo(JobState.AVAILABLE);
        assertThat(node.job(held).orElseThrow().state()).as("not without the explicit confirmation").isEqualTo(JobState.HELD);

        String confirmForm = done.body().substring(done.body().indexOf("id=\"auth-held\""));
        HttpResponse<String> confirmed = http.post("/jobs/bulk", form("_csrf", csrf, "action", "retry", "queue", "bulk-held",
                "state", hidden(confirmForm, "state"), "before", hidden(confirmForm, "before"), "confirm", "yes",
                "confirm_auth", "yes"));
        assertThat(confirmed.body()).contains("retry: 1 of 1 job(s) matching state=held queue=bulk-held changed"
                + " (authentication holds confirmed)");
        assertThat(node.job(held).orElseThrow().state()).isEqualTo(JobState.AVAILABLE);
    }

    @Test
    void matchingJobsAreHandedOverNewestFirstInBoundedPassesThatContinueWithoutSkippingOrRepeating() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(node.enqueue(new Digest("pass-" + i), o -> o.queue("passes")).id());
        }
        dev.stevedore.spi.JobFilter filter = new dev.stevedore.spi.JobFilter(java.util.Set.of(), "passes", null, null, 1);
        List<Long> seen = new ArrayList<>();
        Long next = dev.stevedore.spi.MatchingJobs.forEachPage(store, filter, 5,
                page -> page.forEach(job -> seen.add(job.id())));
        assertThat(next).isEqualTo(ids.get(7));
        while (next != null) {
            next = dev.stevedore.spi.MatchingJobs.forEachPage(store, new dev.stevedore.spi.JobFilter(java.util.Set.of(), "passes",
                    null, next, 1), 5, page -> page.forEach(job -> seen.add(job.id())));
        }
        assertThat(seen).containsExactlyElementsOf(ids.reversed());
    }

    @Test
    void cronBackfillEnqueuesEachMissingTickOfTheRangeOnceAndIsAudited() {
        Http http = Http.anonymous(open);
        String csrf = http.csrf();
        assertThat(http.get("/cron").body()).contains("value=\"backfill\"");
        HttpResponse<String> done = http.post("/cron/actions", form("_csrf", csrf, "name", "nightly digest", "action", "backfill",
                "from", "2025-01-01T00:00", "to", "2025-01-04T00:00"));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(done.body()).contains("Backfilled nightly digest: 3 of 3 tick(s) from 2025-01-01 00:00:00 UTC to"
                + " 2025-01-04 00:00:00 UTC enqueued.");
        assertThat(http.post("/cron/actions", form("_csrf", csrf, "name", "nightly digest", "action", "backfill",
                "from", "2025-01-02T00:00:00Z", "to", "2025-01-05T00:00:00Z")).body())
                .contains("1 of 3 tick(s)").contains("the others had a job already");
        List<Job> backfilled = store.jobList(new dev.stevedore.spi.JobFilter(java.util.Set.of(), null, "dash.digest", null, 50))
                .stream().filter(j -> "backfill".equals(j.metadata().get("stevedore.cron.trigger"))).toList();
        assertThat(backfilled).hasSize(4);
        dev.stevedore.spi.AuditEntry entry = store.auditList(null, 1).get(0);
        assertThat(entry.action()).isEqualTo("cron.backfill");
        assertThat(entry.target()).isEqualTo("nightly digest");
        assertThat(entry.outcome()).contains("1 of 3");

        for (String[] bad : List.of(new String[] {"action", "backfill"},
                new String[] {"action", "backfill", "from", "2025-01-01T00:00"},
                new String[] {"action", "backfill", "from", "yesterday", "to", "2025-01-01T00:00"},
                new String[] {"action", "backfill", "from", "2025-01-04T00:00", "to", "2025-01-01T00:00"},
                new String[] {"action", "backfill", "from", "2025-01-01T00:00", "to", "2999-01-01T00:00"},
                new String[] {"action", "backfill", "from", "2020-01-01T00:00", "to", "2025-01-01T00:00"},
                new String[] {"action", "run", "from", "2025-01-01T00:00", "to", "2025-01-04T00:00"},
                new String[] {"action", "backfill", "from", "2025-01-01T00:00%00", "to", "2025-01-04T00:00"})) {
            List<String> fields = new ArrayList<>(List.of("_csrf", csrf, "name", "nightly digest"));
            fields.addAll(List.of(bad));
            HttpResponse<String> refused = http.post("/cron/actions", form(fields.toArray(String[]::new)));
            assertThat(refused.statusCode()).as(fields + " -> " + refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("id=\"message\"").doesNotContain("\tat ");
        }
    }


    /** Claims job {@code id} (the next its queue hands out) and writes {@code state} as its outcome, as a node would. */
    void run(long id, JobState state) {
        Job job = store.jobClaim(new ClaimRequest(store.jobGet(id).orElseThrow().queue(), "dashboard-test", 1)).stream()
                .filter(j -> j.id() == id).findFirst().orElseThrow(() -> new AssertionError("job " + id + " not claimed: "
                        + store.jobGet(id).orElseThrow()));
        assertThat(store.batchJobCompleteMany(List.of(new Completion(job.id(), job.attempt(), state, Duration.ZERO, null,
                Completion.AttemptUse.CONSUMED)))).containsExactly(id);
    }

    @Test
    void theBatchesPagesShowProgressCallbacksNestedBatchesAndTheWorkflowsStepsWithTheirPolicies() {
        EnqueuedBatch parent = node.enqueueBatch(b -> b.description("nightly <import>")
                .add(new Digest("file-1"), o -> o.queue("batch-files"))
                .add(new Digest("file-2"), o -> o.queue("batch-files"))
                .onSuccess(new Digest("imported"), o -> o.queue("batch-callbacks"))
                .onComplete(new Digest("import finished"), o -> o.queue("batch-callbacks")));
        EnqueuedBatch flow = node.enqueueBatch(w -> w.parent(parent.id()).description("publish post 42")
                .step("fetch", new Digest("fetch"), s -> s.options(o -> o.queue("batch-flow")))
                .step("resize", new Digest("resize"), s -> s.options(o -> o.queue("batch-flow")).after("fetch"))
                .step("notify", new Digest("notify"), s -> s.options(o -> o.queue("batch-flow")).after("resize")
                        .onUpstreamFailure(UpstreamFailure.RUN))
                .onFailure(new Digest("publish failed"), o -> o.queue("batch-callbacks")));
        run(parent.jobIds().get(0), JobState.COMPLETED);
        run(flow.steps().get("fetch"), JobState.DISCARDED);
        Http http = Http.anonymous(open);

        String list = http.get("/batches").body();
        assertThat(list).contains("<a href=\"/batches\" class=\"active\" aria-current=\"page\">Batches</a>");
        Matcher parentRow = Pattern.compile("<tr id=\"batch-" + parent.id() + "\">.*?</tr>", Pattern.DOTALL).matcher(list);
        assertThat(parentRow.find()).as(list).isTrue();
        assertThat(parentRow.group()).contains("nightly &lt;import&gt;").contains(">running</span>")
                .contains("1 of 3 finished: 1 completed, 0 failed, 0 cancelled, 2 pending");
        Matcher flowRow = Pattern.compile("<tr id=\"batch-" + flow.id() + "\">.*?</tr>", Pattern.DOTALL).matcher(list);
        assertThat(flowRow.find()).isTrue();
        assertThat(flowRow.group()).contains("publish post 42").contains(">running</span>")
                .contains("2 of 3 finished: 0 completed, 1 failed, 1 cancelled, 1 pending")
                .contains("href=\"/batches/" + parent.id() + "\"");
        assertThat(section(http.get("/batches/" + flow.id()).body(), "callbacks")).contains("waits for the batch to finish");
        // fetch failed: resize (policy cancel) was cancelled, notify (policy run) runs anyway; once it has, the flow failed.
        run(flow.steps().get("notify"), JobState.COMPLETED);
        Matcher finished = Pattern.compile("<tr id=\"batch-" + flow.id() + "\">.*?</tr>", Pattern.DOTALL)
                .matcher(http.get("/batches").body());
        assertThat(finished.find()).isTrue();
        assertThat(finished.group()).contains(">failed</span>").contains("3 of 3 finished: 1 completed, 1 failed, 1 cancelled");

        String page = http.get("/batches/" + flow.id()).body();
        assertThat(page).contains("<h1>Batch " + flow.id() + "</h1>");
        String steps = section(page, "batch-jobs");
        Matcher resize = Pattern.compile("<tr id=\"job-" + flow.steps().get("resize") + "\">.*?</tr>", Pattern.DOTALL).matcher(steps);
        assertThat(resize.find()).as(steps).isTrue();
        assertThat(resize.group()).contains("<td>resize</td>").contains(">cancelled</span>").contains(">fetch</a>")
                .contains("state-discarded").contains("<td>cancelled</td>");
        Matcher notify = Pattern.compile("<tr id=\"job-" + flow.steps().get("notify") + "\">.*?</tr>", Pattern.DOTALL).matcher(steps);
        assertThat(notify.find()).isTrue();
        assertThat(notify.group()).contains("<td>notify</td>").contains(">resize</a>").contains("<td>runs anyway</td>")
                .contains(">completed</span>");
        assertThat(section(page, "callbacks")).contains("on failure").contains("fired: <a href=\"/jobs/");
        assertThat(steps).contains("on failure callback");

        String parentPage = http.get("/batches/" + parent.id()).body();
        assertThat(section(parentPage, "children")).contains("href=\"/batches/" + flow.id() + "\"").contains("publish post 42");
        assertThat(section(parentPage, "callbacks")).contains("on success").contains("on complete")
                .contains("waits for the batch to finish");
        assertThat(http.get("/jobs/" + parent.jobIds().get(1)).body()).contains("href=\"/batches/" + parent.id() + "\"");

        run(parent.jobIds().get(1), JobState.COMPLETED);
        assertThat(section(http.get("/batches/" + parent.id()).body(), "callbacks")).as("the child failed, so the parent did")
                .contains("not fired: the batch failed").contains("fired: <a href=\"/jobs/");

        Map<String, Integer> hostile = new LinkedHashMap<>();
        hostile.put("/batches?before=abc", 400);
        hostile.put("/batches?before=0", 400);
        hostile.put("/batches?parent=1", 400);
        hostile.put("/batches/abc", 400);
        hostile.put("/batches/-1", 400);
        hostile.put("/batches/1%27%20OR%201=1", 400);
        hostile.put("/batches/" + flow.id() + "?after=x", 400);
        hostile.put("/batches/" + flow.id() + "?after=1&after=2", 400);
        hostile.put("/batches/999999999", 404);
        hostile.forEach((path, status) -> {
            HttpResponse<String> response = http.get(path);
            assertThat(response.statusCode()).as(path + " -> " + response.body()).isEqualTo(status);
            assertThat(response.body()).contains("id=\"message\"").doesNotContain("\tat ");
        });
    }

    @Test
    void eachIssueHasASparklineOfItsHourlyFailuresFromTheFailureRecords() {
        String issue = "00000000000000b2";
        java.time.Instant hour = store.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        List<dev.stevedore.spi.FailureRecord> failures = new ArrayList<>();
        for (java.time.Instant at : List.of(hour.minus(Duration.ofHours(30)), hour.minus(Duration.ofMinutes(59)),
                hour.plusSeconds(1), hour.plusSeconds(2))) {
            failures.add(new dev.stevedore.spi.FailureRecord(issue, 1, "dash.spark", "mail", "{}", "java.io.IOException",
                    "reset", "", dev.stevedore.ErrorCategory.TRANSIENT, true, 1, "dashboard-test", Duration.ofMillis(5), at,
                    List.of(), Map.of()));
        }
        store.failureRecord(failures);

        String page = Http.anonymous(open).get("/issues?kind=dash.spark").body();
        Matcher spark = Pattern.compile("<svg class=\"spark\" id=\"spark-" + issue + "\" data-counts=\"([0-9,]+)\"").matcher(page);
        assertThat(spark.find()).as(page).isTrue();
        List<Long> counts = java.util.Arrays.stream(spark.group(1).split(",")).map(Long::parseLong).toList();
        assertThat(counts).hasSize(24);
        assertThat(counts.stream().mapToLong(Long::longValue).sum()).as("the one 30 hours ago is outside the day").isEqualTo(3);
        assertThat(spark.group(1)).as("one in the hour before, two in this one").contains("1,2");
        assertThat(page).contains("aria-label=\"3 failures in the last 24 hours\"").contains("<th>Last 24 hours</th>");
    }

    @Test
    void eventTopicsStreamJobCountsIssuesMetricsAndEachNewFailure() throws Exception {
        failedOnce();
        Http http = Http.anonymous(open);
        List<String> counts = http.firstEvent("/events/jobs");
        assertThat(counts.get(0)).isEqualTo("event: counts");
        assertThat(counts.get(1)).contains("\"available\":");
        List<String> issues = http.firstEvent("/events/issues");
        assertThat(issues.get(0)).isEqualTo("event: issues");
        assertThat(issues.get(1)).contains("\"id\":\"" + ISSUE + "\"").contains("\"count\":");
        List<String> metrics = http.firstEvent("/events/metrics");
        assertThat(metrics.get(0)).isEqualTo("event: metrics");
        assertThat(metrics.get(1)).contains("\"range\":\"hour\"").contains("\"completed\":[");

        // The stream sends failures recorded after it subscribed: record new ones until it has one.
        java.util.concurrent.CompletableFuture<List<String>> failure =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> http.firstEvent("/events/failures"));
        for (int i = 0; i < 30 && !failure.isDone(); i++) {
            store.failureRecord(List.of(new dev.stevedore.spi.FailureRecord("00000000000000c3", 1000 + i, "dash.live", "mail",
                    "{}", "java.io.IOException", "live <failure> " + i, "", dev.stevedore.ErrorCategory.TRANSIENT, true, 1,
                    "dashboard-test", Duration.ofMillis(5), store.now(), List.of(), Map.of())));
            try {
                failure.get(2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException stillWaiting) {
                // not subscribed yet when that one was recorded: record another
            }
        }
        List<String> event = failure.get(1, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(event.get(0)).isEqualTo("event: failure");
        assertThat(event.get(1)).contains("\"issue\":\"00000000000000c3\"").contains("live \\u003cfailure\\u003e")
                .doesNotContain("<failure>");

        assertThat(http.get("/events/bogus").statusCode()).isEqualTo(404);
        assertThat(http.get("/events/issues?x=1").statusCode()).isEqualTo(400);
        assertThat(Http.anonymous(secured).get("/events/failures").statusCode()).isEqualTo(401);
        assertThat(http.get("/issues").body()).contains("data-live=\"/events/failures\"").contains("data-live=\"/events/issues\"");
        assertThat(http.get("/").body()).contains("data-live=\"/events/jobs\"").contains("data-live=\"/events/metrics\"");
    }
}
