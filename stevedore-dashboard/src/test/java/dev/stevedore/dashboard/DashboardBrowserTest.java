package dev.stevedore.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.JobKind;
import dev.stevedore.JobState;
import dev.stevedore.Outcome;
import dev.stevedore.StatsBucket;
import dev.stevedore.Stevedore;
import dev.stevedore.spi.JobFilter;
import dev.stevedore.spi.Store;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The dashboard in a real headless Chromium (Debian's, through its chromedriver) over a SQLite store
 * and a running node: every page loads and is photographed for docs/dashboard.md, jobs are filtered
 * and retried through the forms, a viewer is refused, a running job's progress bar moves by itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {
    static final String VIEWER_PASSWORD = "viewer-password";

    @JobKind("mail.welcome")
    record Welcome(String email, String password) {}

    @JobKind("reports.build")
    record BuildReport(String account) {}

    @JobKind("import.file")
    record ImportFile(String path) {}

    private TestStores.Opened opened;
    private Store store;
    private Stevedore node;
    private Dashboard dashboard;
    private Dashboard secured;
    private Browser browser;
    private dev.stevedore.EnqueuedBatch workflow;
    /** Each element lets the running import advance to the percent it holds. */
    private final LinkedBlockingQueue<Integer> importSteps = new LinkedBlockingQueue<>();

    @BeforeAll
    void start() {
        Assumptions.assumeTrue(Browser.installed(), "Debian's chromium and chromium-driver are not installed:"
                + " run 'apt-get install -y chromium chromium-driver' (bin/test does when it runs as root)");
        opened = TestStores.sqlite();
        store = opened.store();
        node = Stevedore.builder().store(store).nodeId("browser-test-node").redact("password")
                .handle(Welcome.class, (ctx, job) -> {})
                .handle(BuildReport.class, (ctx, job) -> {
                    throw Outcome.discard("account " + job.account() + " has no data warehouse");
                })
                .handle(ImportFile.class, (ctx, job) -> {
                    int percent = 0;
                    while (percent < 100) {
                        Integer next = importSteps.poll(60, TimeUnit.SECONDS);
                        if (next == null) {
                            throw new IllegalStateException("the test stopped sending steps");
                        }
                        percent = next;
                        ctx.progress(percent, "imported " + percent + "% of " + job.path());
                    }
                })
                .cron("nightly-report", "0 3 * * *", new BuildReport("nightly"))
                .limit("one-report-per-account", l -> l.kinds(BuildReport.class).byArgs("account").concurrency(1))
                .queue("mail", q -> q.concurrency(4)).queue("reports", q -> q.concurrency(1))
                .queue("imports", q -> q.concurrency(1)).queue("live", q -> q.concurrency(1))
                .queue("reports-flow", q -> q.concurrency(1))
                .build();
        node.start();
        for (int i = 0; i < 12; i++) {
            node.enqueue(new Welcome("user" + i + "@example.com", "s3cret-" + i), o -> o.queue("mail"));
        }
        node.enqueue(new Welcome("later@example.com", "later"), o -> o.queue("mail").in(Duration.ofHours(2)));
        node.enqueue(new BuildReport("acme"), o -> o.queue("reports").maxAttempts(1));
        node.enqueue(new BuildReport("globex"), o -> o.queue("reports").maxAttempts(1));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                store.jobList(new JobFilter(Set.of(JobState.DISCARDED), "reports", null, null, 10)).size() == 2
                        && store.jobList(new JobFilter(Set.of(JobState.COMPLETED), "mail", null, null, 20)).size() == 12
                        && !node.issues(dev.stevedore.IssueQuery.latest(5)).isEmpty());
        workflow = node.enqueueBatch(w -> w.description("monthly report for acme")
                .step("welcome", new Welcome("acme@example.com", "x"), st -> st.options(o -> o.queue("mail")))
                .step("report", new BuildReport("acme-monthly"), st -> st.after("welcome").options(o -> o.queue("reports-flow")))
                .step("notify", new Welcome("ops@example.com", "x"), st -> st.after("report")
                        .onUpstreamFailure(dev.stevedore.UpstreamFailure.RUN).options(o -> o.queue("mail")))
                .onFailure(new Welcome("alerts@example.com", "x"), o -> o.queue("mail")));
        await().atMost(Duration.ofSeconds(60)).until(() -> node.batch(workflow.id()).orElseThrow().finished());
        recordAnHourOfStatistics();
        dashboard = Dashboard.start(node, store, DashboardOptions.defaults().port(0));
        secured = Dashboard.start(node, store, DashboardOptions.defaults().port(0)
                .user("viewer", VIEWER_PASSWORD, Role.VIEWER));
    }

    /** Charts read roll-ups; an hour of them makes the overview's screenshot say something. */
    private void recordAnHourOfStatistics() {
        Instant minute = store.now().truncatedTo(ChronoUnit.MINUTES);
        List<StatsBucket> buckets = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            long completed = 40 + (i * 7L) % 25;
            long failed = i % 9 == 0 ? 6 : i % 4;
            buckets.add(new StatsBucket(minute.minus(Duration.ofMinutes(i)), StatsBucket.MINUTE, "mail", "mail.welcome",
                    completed, failed, failed, i % 13 == 0 ? 2 : 0, 0, 0, completed + failed, (completed + failed) * 120,
                    900, completed + failed, (completed + failed) * (30 + i % 11 * 8), 400));
        }
        store.statsRecord(buckets);
    }

    @AfterAll
    void stop() {
        if (opened == null) {
            return;
        }
        importSteps.add(100);
        secured.close();
        dashboard.close();
        node.close();
        opened.cleanup().run();
    }

    @BeforeEach
    void openBrowser() {
        browser = new Browser();
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    private void load(String path, String heading) {
        browser.open(dashboard.url() + path.substring(1));
        assertThat(browser.find("h1").getText()).as(path).isEqualTo(heading);
    }

    @Test
    void everyPageLoadsAndIsPhotographed() {
        load("/", "Overview");
        browser.waiting().until(d -> Boolean.TRUE.equals(browser.driver() instanceof org.openqa.selenium.JavascriptExecutor js
                ? js.executeScript("return typeof Chart !== 'undefined' && Chart.getChart('throughput') !== undefined"
                        + " && Chart.getChart('latency') !== undefined") : false));
        long completed = store.queueCounts().stream().filter(c -> c.state() == JobState.COMPLETED).mapToLong(c -> c.count()).sum();
        assertThat(browser.find("[data-state=completed]").getText()).isEqualTo(String.valueOf(completed));
        // The counters follow the store live: a job completing now shows up without a reload.
        node.enqueue(new Welcome("live@example.com", "x"), o -> o.queue("mail"));
        browser.waiting().until(d -> String.valueOf(completed + 1).equals(browser.find("[data-state=completed]").getText()));
        browser.screenshot("overview");

        load("/queues", "Queues");
        assertThat(browser.find("#queue-mail").getText()).contains("mail");
        assertThat(browser.find("#limits").getText()).contains("one-report-per-account").contains("by [account]");
        assertThat(browser.find("#health-mail").getText()).contains("failures").contains("attempts failed");
        browser.screenshot("queues");

        load("/jobs", "Jobs");
        assertThat(browser.findAll("#jobs tbody tr")).hasSizeGreaterThanOrEqualTo(15);
        browser.screenshot("jobs");

        long discarded = store.jobList(new JobFilter(Set.of(JobState.DISCARDED), "reports", null, null, 1)).get(0).id();
        load("/jobs/" + discarded, "Job " + discarded);
        assertThat(browser.find("#args").getText()).contains("account").doesNotContain("s3cret");
        assertThat(browser.find(".attempt").getText()).contains("has no data warehouse");
        browser.screenshot("job");

        long welcome = store.jobList(new JobFilter(Set.of(JobState.COMPLETED), "mail", null, null, 1)).get(0).id();
        load("/jobs/" + welcome, "Job " + welcome);
        assertThat(browser.find("#args").getText()).contains("[redacted]").doesNotContain("s3cret");

        load("/nodes", "Nodes");
        assertThat(browser.find("#nodes").getText()).contains("browser-test-node");
        browser.screenshot("nodes");

        load("/issues", "Issues");
        assertThat(browser.find("#issues").getText()).contains("reports.build");
        browser.screenshot("issues");

        String issue = node.issues(dev.stevedore.IssueQuery.latest(1)).get(0).id();
        load("/issues/" + issue, "Issue " + issue);
        assertThat(browser.find("#failures").getText()).contains("has no data warehouse");
        browser.screenshot("issue");
        browser.find("#issue-ignore").click();
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(org.openqa.selenium.By.id("message"), "is now ignored"));
        node.reopenIssue(issue);

        load("/cron", "Cron");
        browser.waiting().until(d -> !browser.findAll("#cron").isEmpty() || refresh());
        assertThat(browser.find("#cron").getText()).contains("nightly-report").contains("0 3 * * *");
        browser.screenshot("cron");

        // An alert resolved and one still active, as the leader's rules leave them.
        store.alertFire(new dev.stevedore.spi.AlertFire("reports-failing", "reports",
                "reports: 2 of 2 attempts failed (100%) in the last 15m", Duration.ZERO));
        store.alertResolve("reports-failing", "reports");
        store.alertFire(new dev.stevedore.spi.AlertFire("queue-backlog", "imports",
                "imports: 40 jobs ready, rising for 30m", Duration.ZERO));
        load("/alerts", "Alerts");
        assertThat(browser.find("#active-alerts").getText()).contains("queue-backlog").doesNotContain("reports-failing");
        assertThat(browser.find("#alerts").getText()).contains("queue-backlog").contains("reports-failing");
        browser.screenshot("alerts");

        load("/batches", "Batches and workflows");
        assertThat(browser.find("#batch-" + workflow.id()).getText()).contains("monthly report for acme").contains("failed")
                .contains("3 of 3 finished: 2 completed, 1 failed, 0 cancelled");
        browser.screenshot("batches");
        browser.find("#batch-" + workflow.id() + " a").click();
        browser.waiting().until(ExpectedConditions.textToBe(org.openqa.selenium.By.tagName("h1"), "Batch " + workflow.id()));
        assertThat(browser.find("#job-" + workflow.steps().get("notify")).getText()).contains("notify").contains("report")
                .contains("runs anyway").contains("completed");
        assertThat(browser.find("#callback-failure").getText()).contains("fired: job");
        browser.screenshot("batch");

        load("/audit", "Audit log");
        assertThat(browser.find("#audit").getText()).contains("local").contains("issue.ignore");
        browser.screenshot("audit");
    }

    /** Reloads the page (the leader declares cron schedules a moment after the node starts); false to keep waiting. */
    private boolean refresh() {
        browser.driver().navigate().refresh();
        return false;
    }

    @Test
    void filteringJobsByQueueShowsOnlyThatQueue() {
        load("/jobs", "Jobs");
        WebElement queue = browser.find("#filters input[name=queue]");
        queue.clear();
        queue.sendKeys("reports");
        browser.find("#apply").click();
        browser.waiting().until(ExpectedConditions.urlContains("queue=reports"));
        List<WebElement> rows = browser.findAll("#jobs tbody tr");
        assertThat(rows).hasSize(2);
        rows.forEach(row -> assertThat(row.getText()).contains("reports").contains("discarded"));
    }

    @Test
    void retryingOneJobFromTheList() {
        node.enqueue(new Welcome("retry@example.com", "x"), o -> o.queue("parked").in(Duration.ofDays(1)));
        long id = store.jobList(new JobFilter(Set.of(), "parked", null, null, 1)).get(0).id();
        node.cancel(id);
        load("/jobs?queue=parked&state=cancelled", "Jobs");
        browser.find("#job-" + id + " input[type=checkbox]").click();
        browser.find("#action-retry").click();
        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(org.openqa.selenium.By.id("outcome-" + id)));
        assertThat(browser.find("#outcome-" + id).getText()).contains("done: now available");
        assertThat(node.job(id).orElseThrow().state()).isEqualTo(JobState.AVAILABLE);
        browser.screenshot("retried");
    }

    @Test
    void retryingAllJobsMatchingAFilterAsksFirstThenActsAndIsAudited() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long id = node.enqueue(new Welcome("bulk" + i + "@example.com", "x"), o -> o.queue("bulk-parked")).id();
            node.cancel(id);
            ids.add(id);
        }
        load("/jobs?queue=bulk-parked&state=cancelled&limit=2", "Jobs");
        assertThat(browser.findAll("#jobs tbody tr")).as("one page shows two of the three").hasSize(2);
        browser.find("#bulk-retry").click();
        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(org.openqa.selenium.By.id("confirm")));
        assertThat(browser.find("#message").getText()).contains("Retry 3 job(s) matching state=cancelled queue=bulk-parked?");
        browser.screenshot("jobs-bulk-confirm");
        browser.find("#confirm").click();
        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(org.openqa.selenium.By.id("outcomes")));
        assertThat(browser.find("#message").getText()).contains("retry: 3 of 3 job(s) matching state=cancelled queue=bulk-parked changed");
        assertThat(ids).allSatisfy(id -> assertThat(node.job(id).orElseThrow().state()).isEqualTo(JobState.AVAILABLE));
        load("/audit", "Audit log");
        assertThat(browser.find("#audit").getText()).contains("job.retry").contains("jobs matching state=cancelled queue=bulk-parked")
                .contains("retry: 3 of 3");
    }

    @Test
    void aNewFailureAppearsOnTheIssuesPageWithoutAReload() {
        load("/issues", "Issues");
        assertThat(browser.findAll("#issues svg.spark")).isNotEmpty();
        // Once the page's stream is open, a failure recorded from then on is pushed to it.
        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(org.openqa.selenium.By.cssSelector(
                "#live-failures[data-live-open]")));
        long id = node.enqueue(new BuildReport("live-account"), o -> o.queue("live").maxAttempts(1)).id();
        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(org.openqa.selenium.By.cssSelector(
                "#live-failures li a[href='/jobs/" + id + "']")));
        assertThat(browser.find("#live-failures").getText()).contains("job " + id).contains("has no data warehouse");
    }

    @Test
    void aViewerSeesNoActionAndIsRefusedOne() {
        browser.signIn("viewer", VIEWER_PASSWORD);
        browser.open(secured.url() + "jobs");
        assertThat(browser.find("#who").getText()).contains("viewer");
        assertThat(browser.findAll("#actions")).isEmpty();
        browser.open(secured.url() + "queues");
        assertThat(browser.findAll("#queues button")).isEmpty();
        // What a hand-made form would do: post an action with the page's own CSRF token.
        ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript("""
                var f = document.createElement('form'); f.method = 'post'; f.action = '/queues/mail/pause';
                [['_csrf', document.querySelector('meta[name=csrf-token]').content], ['confirm', 'yes']].forEach(function (p) {
                  var i = document.createElement('input'); i.type = 'hidden'; i.name = p[0]; i.value = p[1]; f.appendChild(i); });
                document.body.appendChild(f); f.submit();""");
        browser.waiting().until(ExpectedConditions.textToBe(org.openqa.selenium.By.tagName("h1"), "Not allowed"));
        assertThat(browser.find("#message").getText()).contains("viewer");
        assertThat(node.pausedQueues()).isEmpty();
        browser.screenshot("viewer-refused");
    }

    @Test
    void aRunningJobsProgressBarAdvancesWithoutAReload() {
        long id = node.enqueue(new ImportFile("/data/customers.csv"), o -> o.queue("imports")).id();
        await().atMost(Duration.ofSeconds(30)).until(() -> node.job(id).orElseThrow().state() == JobState.RUNNING);
        load("/jobs/" + id, "Job " + id);
        WebElement bar = browser.find("#progress");
        assertThat(bar.getDomProperty("value")).isEqualTo("0");
        importSteps.add(30);
        browser.waiting().until(d -> "30".equals(browser.find("#progress").getDomProperty("value")));
        assertThat(browser.find("#progress-message").getText()).isEqualTo("imported 30% of /data/customers.csv");
        importSteps.add(70);
        browser.waiting().until(d -> "70".equals(browser.find("#progress").getDomProperty("value")));
        browser.screenshot("job-progress");
        importSteps.add(100);
        browser.waiting().until(d -> "completed".equals(browser.find("#state").getText()));
    }
}
