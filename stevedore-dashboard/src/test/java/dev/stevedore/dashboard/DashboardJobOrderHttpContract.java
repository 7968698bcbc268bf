package dev.stevedore.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.Completion;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The jobs list in the time orders over HTTP: waiting jobs next to run and finished jobs latest first,
 * their column and headings, the cursor in the next-page link, the window of rows a filtered page reads
 * and its "search further" link, "all matching" whatever the order, and time-order parameters that do
 * not fit refused with a 400 that says why.
 */
abstract class DashboardJobOrderHttpContract extends DashboardOperationsHttpContract {

    /** {@code n} jobs of {@code queue} due at {@code at}, plus one a second later; ids in enqueue order. */
    private List<Long> dueAt(String queue, Instant at, int n) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i <= n; i++) {
            Instant due = i < n ? at : at.plusSeconds(1);
            ids.add(node.enqueue(new Digest(queue + i), o -> o.queue(queue).at(due)).id());
        }
        return ids;
    }

    /** Enqueues {@code n} jobs of {@code queue} and settles them as {@code state} in one batch: one finished time. */
    private List<Long> finishedTogether(String queue, int n, JobState state) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(node.enqueue(new Digest(queue + i), o -> o.queue(queue)).id());
        }
        List<Completion> outcomes = store.jobClaim(new ClaimRequest(queue, "dashboard-test", n)).stream()
                .map(j -> new Completion(j.id(), j.attempt(), state, Duration.ZERO, null, Completion.AttemptUse.CONSUMED))
                .toList();
        assertThat(store.jobCompleteMany(outcomes)).hasSize(n);
        return ids;
    }

    private List<Long> inOrder(List<Long> ids, Comparator<Job> order) {
        return ids.stream().map(id -> node.job(id).orElseThrow()).sorted(order).map(Job::id).toList();
    }

    @Test
    void waitingJobsListNextToRunAndFinishedOnesLatestFirstAcrossPagesWithTheirTimeColumn() {
        Instant at = store.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        List<Long> waiting = dueAt("timed-wait", at, 4);
        List<Long> finished = new ArrayList<>(finishedTogether("timed-done", 3, JobState.COMPLETED));
        finished.addAll(finishedTogether("timed-done", 2, JobState.DISCARDED));
        Http http = Http.anonymous(open);

        List<Long> next = inOrder(waiting, Comparator.comparing(Job::scheduledAt).thenComparing(Job::id));
        List<Long> latest = inOrder(finished, Comparator.comparing(Job::finishedAt).thenComparing(Job::id).reversed());
        for (int limit : List.of(1, 2, 3)) {
            Map<String, Integer> followed = new LinkedHashMap<>();
            assertThat(walk(http, "/jobs?queue=timed-wait&sort=next&limit=" + limit, followed)).as("next, " + limit)
                    .containsExactlyElementsOf(next);
            assertThat(walk(http, "/jobs?queue=timed-done&sort=finished&limit=" + limit, followed)).as("finished, " + limit)
                    .containsExactlyElementsOf(latest);
            assertThat(followed).as("full pages only").containsOnlyKeys("next-page");
        }

        String page = http.get("/jobs?queue=timed-wait&sort=next&limit=2").body();
        assertThat(rows(page)).containsExactlyElementsOf(next.subList(0, 2));
        Job second = node.job(next.get(1)).orElseThrow();
        assertThat(href(page, "next-page")).isEqualTo("/jobs?queue=timed-wait&sort=next&limit=2&cursor="
                + java.net.URLEncoder.encode(second.scheduledAt() + "/" + second.id(), java.nio.charset.StandardCharsets.UTF_8));
        assertThat(page).contains("<option value=\"next\" selected>next to run (scheduled, retryable)</option>")
                .contains("id=\"sort-scheduled\" title=\"earliest due first\" aria-sort=\"ascending\">Scheduled ▲</a>")
                .contains("id=\"sort-id\" title=\"click for newest first\" aria-sort=\"none\">ID</a>");
        assertThat(href(page, "sort-id")).as("to an id order, keeping to the waiting states")
                .isEqualTo("/jobs?queue=timed-wait&state=scheduled%2Cretryable&sort=newest&limit=2");
        assertThat(hidden(http.get("/jobs?queue=timed-wait&sort=next").body(), "state")).as("the bulk form")
                .isEqualTo("scheduled,retryable");

        String done = http.get("/jobs?queue=timed-done&state=completed").body();
        assertThat(done).as("a finished state lists its time column, which sorts by it")
                .contains("id=\"sort-finished\" title=\"latest finished first\" aria-sort=\"none\">Finished</a>");
        assertThat(href(done, "sort-finished")).isEqualTo("/jobs?state=completed&queue=timed-done&sort=finished&limit=50");
        assertThat(http.get("/jobs?queue=timed-done").body()).as("no time column over every state")
                .doesNotContain("sort-finished").doesNotContain("sort-scheduled");
        String first = http.get(href(page, "next-page")).body();
        assertThat(first).contains("id=\"first-page\"");
        assertThat(href(first, "first-page")).isEqualTo("/jobs?queue=timed-wait&sort=next&limit=2");
    }

    @Test
    void aFilteredTimeOrderedPageSearchesAWindowOfRowsAndLinksBeyondIt() {
        // The needle finished first; more than three windows of other jobs finished after it.
        long needle = finishedTogether("time-needle", 1, JobState.COMPLETED).get(0);
        for (int i = 0; i < 3; i++) {
            finishedTogether("time-filler", WINDOW + 2, JobState.COMPLETED);
        }
        Http http = Http.anonymous(windowed);

        String page = http.get("/jobs?queue=time-needle&sort=finished").body();
        assertThat(rows(page)).isEmpty();
        assertThat(page).doesNotContain("id=\"no-jobs\"").contains("No more matches among the latest finished jobs, back to ")
                .contains("The dashboard searches 20 jobs per page").contains(">Search jobs finished earlier</a>");
        assertThat(href(page, "search-further")).startsWith("/jobs?queue=time-needle&sort=finished&limit=50&cursor=");
        Map<String, Integer> followed = new LinkedHashMap<>();
        assertThat(walk(http, "/jobs?queue=time-needle&sort=finished", followed)).containsExactly(needle);
        assertThat(followed.get("search-further")).as("windows crossed").isGreaterThanOrEqualTo(3);
        assertThat(rows(Http.anonymous(open).get("/jobs?queue=time-needle&sort=finished").body()))
                .as("the 10,000-job default reaches it at once").containsExactly(needle);
        assertThatThrownBy(() -> DashboardOptions.defaults().timeWindow(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1 job");

        // Waiting jobs: the needle is due last.
        Instant at = store.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < 3 * WINDOW; i++) {
            node.enqueue(new Digest("time-wait-filler"), o -> o.queue("time-wait-filler").at(at));
        }
        long due = node.enqueue(new Digest("time-wait-needle"), o -> o.queue("time-wait-needle").at(at.plusSeconds(60))).id();
        followed.clear();
        assertThat(walk(http, "/jobs?queue=time-wait-needle&sort=next", followed)).containsExactly(due);
        assertThat(followed).containsKey("search-further");
        assertThat(http.get("/jobs?queue=time-wait-needle&sort=next").body())
                .contains("No more matches among the waiting jobs due up to ").contains(">Search jobs due later</a>");
    }

    @Test
    void allMatchingOnATimeOrderedPageActsOnTheStatesThePageLists() {
        long waiting = node.enqueue(new Digest("bulk-timed"), o -> o.queue("bulk-timed").in(Duration.ofDays(1))).id();
        long available = node.enqueue(new Digest("bulk-timed"), o -> o.queue("bulk-timed")).id();
        Http http = Http.anonymous(open);
        String csrf = http.csrf();
        String page = http.get("/jobs?queue=bulk-timed&sort=next").body();
        assertThat(rows(page)).containsExactly(waiting);

        HttpResponse<String> asked = http.post("/jobs/bulk", form("_csrf", csrf, "action", "cancel", "queue", "bulk-timed",
                "state", hidden(page, "state")));
        assertThat(asked.body()).contains("Cancel 1 job(s) matching state=scheduled,retryable queue=bulk-timed?");
        http.post("/jobs/bulk", form("_csrf", csrf, "action", "cancel", "queue", "bulk-timed", "state", hidden(page, "state"),
                "before", hidden(asked.body(), "before"), "confirm", "yes"));
        assertThat(node.job(waiting).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        assertThat(node.job(available).orElseThrow().state()).as("not listed, not touched").isEqualTo(JobState.AVAILABLE);
    }

    @Test
    void timeOrderParametersThatDoNotFitGetA400SayingWhy() {
        Http http = Http.anonymous(open);
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("/jobs?sort=next&state=completed", "the order does not fit the filter: NEXT_TO_RUN lists only"
                + " scheduled, retryable jobs, not completed");
        cases.put("/jobs?sort=finished&state=held,cancelled", "LATEST_FINISHED lists only completed, discarded,"
                + " cancelled jobs, not held");
        cases.put("/jobs?sort=finished&quarantined=1", "quarantined jobs are held");
        cases.put("/jobs?sort=next&before=5", "before and after page the id orders (newest, oldest)");
        cases.put("/jobs?sort=finished&after=5", "this order pages with cursor");
        cases.put("/jobs?cursor=2026-12-07T10:00:00Z/5", "cursor pages the time orders (next, finished)");
        cases.put("/jobs?sort=oldest&cursor=2026-12-07T10:00:00Z/5", "cursor pages the time orders");
        cases.put("/jobs?sort=next&cursor=bogus", "cursor: a cursor is TIME/ID");
        cases.put("/jobs?sort=next&cursor=2026-12-07T10:00:00Z/-1", "a cursor is TIME/ID");
        cases.put("/jobs?sort=next&cursor=2026-13-45T10:00:00Z/1", "a cursor is TIME/ID");
        cases.put("/jobs?sort=next&cursor=2026-12-07T10:00:00Z/99999999999999999999", "a cursor is TIME/ID");
        cases.put("/jobs?sort=finished&cursor=%3Cscript%3E/1", "&lt;script&gt;/1");
        cases.put("/jobs?sort=finished&cursor=1%27%20OR%201=1--/2", "a cursor is TIME/ID");
        cases.put("/jobs?sort=next&cursor=2026-12-07T10:00:00Z/1&cursor=2026-12-07T10:00:00Z/2", "cursor was given 2 times");
        String outOfRange = "cursor: a cursor&#39;s time must lie in the years 1 to 9999";
        cases.put("/jobs?sort=next&cursor=%2B1000000000-01-01T00:00:00Z/1", outOfRange);
        cases.put("/jobs?sort=finished&cursor=-0005-01-01T00:00:00Z/1", outOfRange);
        cases.put("/jobs?sort=later", "sort must be one of [newest, oldest, next, finished]");
        cases.put("/jobs?sort=next&sort=finished", "sort was given 2 times");
        cases.forEach((path, message) -> {
            HttpResponse<String> response = http.get(path);
            assertThat(response.statusCode()).as(path + " -> " + response.body()).isEqualTo(400);
            assertThat(response.body()).as(path).contains("id=\"message\"").contains(message)
                    .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("<script>")
                    .doesNotContain("dev.stevedore.");
        });
        assertThat(http.get("/jobs?sort=next&cursor=2026-12-07T10:00:00.123456Z/5").statusCode()).isEqualTo(200);
        assertThat(http.get("/jobs?sort=next&state=scheduled&cursor=2026-12-07T10:00:00.123456789Z/5&limit=1").statusCode())
                .as("finer than either store keeps times").isEqualTo(200);
        assertThat(http.get("/jobs?sort=next&cursor=9999-12-31T23:59:59.999999Z/9223372036854775807").statusCode())
                .as("the last place there is").isEqualTo(200);
        assertThat(http.get("/jobs?sort=finished&state=cancelled&cursor=2026-12-07T10:00:00Z/0").statusCode()).isEqualTo(200);
    }
}
