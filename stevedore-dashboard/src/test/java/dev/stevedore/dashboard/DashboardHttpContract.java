package dev.stevedore.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.AttemptError;
import dev.stevedore.ErrorCategory;
import dev.stevedore.Job;
import dev.stevedore.JobKind;
import dev.stevedore.JobState;
import dev.stevedore.Stevedore;
import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.Completion;
import dev.stevedore.spi.CrashLimit;
import dev.stevedore.spi.RescueRequest;
import dev.stevedore.spi.Store;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The dashboard's HTTP layer against a real store: every page answers, hostile parameters get a 4xx
 * with a plain message, roles, CSRF and sign-in are enforced, actions act and are audited, redacted
 * argument fields never reach a page. Subclassed per store engine through {@link DashboardSecurityContract},
 * which adds the security review's checks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DashboardHttpContract {
    static final String SECRET_PASSWORD = "hunter2-do-not-show";
    static final String SECRET_CARD = "4111-1111-1111-1111";
    static final String OPERATOR_TOKEN = "operator-token-0123456789";
    static final String VIEWER_TOKEN = "viewer-token-0123456789ab";

    @JobKind("dash.signup")
    record Card(String number, String holder) {}

    @JobKind("dash.signup")
    record Signup(String email, String password, Card card) {}

    @JobKind("dash.digest")
    record Digest(String edition) {}

    static final String ISSUE = "00000000000000a1";

    private TestStores.Opened opened;
    Store store;
    Stevedore node;
    Dashboard open;
    Dashboard secured;
    /** {@link #open} with windows of {@value #WINDOW} ids and of {@value #WINDOW} jobs: a few dozen jobs cross them. */
    Dashboard windowed;
    static final int WINDOW = 20;

    /** A fresh, migrated store of the engine under test. */
    abstract TestStores.Opened openStore();

    @BeforeAll
    void start() {
        opened = openStore();
        store = opened.store();
        node = Stevedore.builder().store(store).nodeId("dashboard-test").redact("password", "card.number")
                .handle(Signup.class, (ctx, job) -> {})
                .handle(Digest.class, (ctx, job) -> {})
                .cron("nightly digest", "0 3 * * *", new Digest("daily"))
                .queue("mail", q -> q.concurrency(3))
                .limit("one-signup-per-email", l -> l.kinds(Signup.class).byArgs("email").concurrency(1).fifo())
                .build();
        // A started node declares its schedules; this one stays unstarted, as an operator's would.
        store.cronDeclare("nightly digest", "0 3 * * *", "UTC", store.now());
        open = Dashboard.start(node, store, DashboardOptions.defaults().port(0));
        secured = Dashboard.start(node, store, DashboardOptions.defaults().port(0)
                .token("ops", OPERATOR_TOKEN, Role.OPERATOR).token("watcher", VIEWER_TOKEN, Role.VIEWER)
                .user("alice", "alice-password", Role.OPERATOR));
        windowed = Dashboard.start(node, store, DashboardOptions.defaults().port(0).scanWindow(WINDOW).timeWindow(WINDOW));
    }

    @AfterAll
    void stop() {
        windowed.close();
        secured.close();
        open.close();
        node.close();
        opened.cleanup().run();
    }

    long signup(String email) {
        return node.enqueue(new Signup(email, SECRET_PASSWORD, new Card(SECRET_CARD, "A. Holder")), o -> o.queue("mail")
                .tags("signup")).id();
    }

    /** A job held for an authentication error, as a node leaves one. */
    long heldForAuthentication() {
        return heldForAuthentication("held-q");
    }

    /** A job of {@code queue} (which has no other available job) held for an authentication error. */
    long heldForAuthentication(String queue) {
        node.enqueue(new Signup("held@example.com", "x", new Card("1", "h")), o -> o.queue(queue));
        Job claimed = store.jobClaim(new ClaimRequest(queue, "dashboard-test", 1)).get(0);
        store.jobCompleteMany(List.of(new Completion(claimed.id(), claimed.attempt(), JobState.HELD, Duration.ZERO,
                new AttemptError(claimed.attempt(), store.now(), "dashboard-test", "javax.security.auth.login.LoginException",
                        "token expired", "", ErrorCategory.AUTHENTICATION, Duration.ofMillis(5)),
                Completion.AttemptUse.CONSUMED)));
        return claimed.id();
    }

    /** A job with a failure record grouped into {@link #ISSUE}, as a node's recorder writes it. */
    long failedOnce() {
        long id = signup("failed@example.com");
        store.failureRecord(List.of(new dev.stevedore.spi.FailureRecord(ISSUE, id, "dash.signup", "mail",
                node.redactArgs(node.job(id).orElseThrow().args()), "java.net.ConnectException", "connection refused <b>",
                "java.net.ConnectException: connection refused\n\tat Mailer.send(Mailer.java:12)", ErrorCategory.TRANSIENT,
                true, 1, "dashboard-test", Duration.ofMillis(40), store.now(), List.of(), Map.of())));
        return id;
    }

    /** Enqueues {@code n} jobs that none of the scan window tests' filters match; returns their ids, oldest first. */
    List<Long> filler(int n) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(node.enqueue(new Digest("window-filler"), o -> o.queue("window-filler")).id());
        }
        return ids;
    }

    private static final Pattern ROW = Pattern.compile("<tr id=\"job-(\\d+)\">");

    /** The ids of the jobs a jobs page lists, in its order. */
    static List<Long> rows(String page) {
        List<Long> ids = new ArrayList<>();
        Matcher m = ROW.matcher(page);
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }

    /** Where the jobs page's link with element id {@code id} leads (unescaped), or null when the page has none. */
    static String href(String page, String id) {
        Matcher m = Pattern.compile("<a href=\"(/jobs\\?[^\"]+)\" id=\"" + id + "\"").matcher(page);
        return m.find() ? m.group(1).replace("&amp;", "&") : null;
    }

    /**
     * Every job listed from {@code path} on, following "Next page", or else "Search older/newer jobs",
     * to the end; {@code followed} counts the links followed by their element id.
     */
    static List<Long> walk(Http http, String path, Map<String, Integer> followed) {
        List<Long> seen = new ArrayList<>();
        String next = path;
        for (int pages = 0; next != null; pages++) {
            assertThat(pages).as("pages from " + path).isLessThan(1000);
            HttpResponse<String> page = http.get(next);
            assertThat(page.statusCode()).as(next).isEqualTo(200);
            seen.addAll(rows(page.body()));
            next = null;
            for (String link : List.of("next-page", "search-further")) {
                if (next == null && href(page.body(), link) != null) {
                    next = href(page.body(), link);
                    followed.merge(link, 1, Integer::sum);
                }
            }
        }
        return seen;
    }

    /** The value of the hidden field {@code name} in the first form of {@code page} that has one. */
    static String hidden(String page, String name) {
        Matcher m = Pattern.compile("<input type=\"hidden\" name=\"" + name + "\" value=\"([^\"]*)\">").matcher(page);
        assertThat(m.find()).as(name + " in " + page).isTrue();
        return m.group(1);
    }

    static Map<String, List<String>> form(String... namesAndValues) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.computeIfAbsent(namesAndValues[i], k -> new ArrayList<>()).add(namesAndValues[i + 1]);
        }
        return form;
    }

    @Test
    void everyPageAnswers() {
        long id = signup("pages@example.com");
        long failed = failedOnce();
        Http http = Http.anonymous(open);
        for (String path : List.of("/", "/?range=day", "/?range=week", "/queues", "/jobs", "/jobs?state=available,held&queue=mail"
                + "&kind=dash.signup&tag=signup&q=example&from=2020-01-01T00:00&to=2999-01-01T00:00:00Z&sort=oldest&limit=10",
                "/jobs/" + id, "/nodes", "/issues", "/issues?status=all&kind=dash.signup", "/issues/" + ISSUE, "/cron",
                "/audit", "/alerts", "/alerts?active=true&rule=queue-stalled", "/jobs/" + failed, "/batches", "/jobs?sort=oldest")) {
            HttpResponse<String> page = http.get(path);
            assertThat(page.statusCode()).as(path + ": " + page.body()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        }
        for (String asset : List.of("/assets/htmx.min.js", "/assets/chart.umd.min.js", "/assets/dashboard.js", "/assets/dashboard.css")) {
            assertThat(http.get(asset).statusCode()).as(asset).isEqualTo(200);
        }
    }

    @Test
    void hostileParametersGetA4xxWithAPlainMessageAndNeverAStackTrace() {
        Http http = Http.anonymous(open);
        String longText = "x".repeat(201);
        Map<String, Integer> cases = new LinkedHashMap<>();
        cases.put("/jobs?state=bogus", 400);
        cases.put("/jobs?state=held,%3Cscript%3E", 400);
        cases.put("/jobs?limit=100000000", 400);
        cases.put("/jobs?limit=-1", 400);
        cases.put("/jobs?limit=ten", 400);
        cases.put("/jobs?limit=99999999999999999999", 400);
        cases.put("/jobs?queue=mail%27%20OR%201%3D1--", 400);
        cases.put("/jobs?queue=mail%3B%20DROP%20TABLE%20jobs", 400);
        cases.put("/jobs?kind=%3Cscript%3Ealert(1)%3C/script%3E", 400);
        cases.put("/jobs?from=yesterday", 400);
        cases.put("/jobs?from=2026-13-45T99:00", 400);
        cases.put("/jobs?from=2026-12-07T10:00&to=2026-12-07T09:00", 400);
        // Beyond the years both stores hold: refused, not a store error.
        cases.put("/jobs?from=%2B999999999-01-01T00:00:00Z", 400);
        cases.put("/jobs?to=-999999999-01-01T00:00:00Z", 400);
        cases.put("/jobs?from=%2B10000-01-01T00:00", 400);
        cases.put("/jobs?before=-5", 400);
        cases.put("/jobs?before=0", 400);
        cases.put("/jobs?after=12abc", 400);
        cases.put("/jobs?before=99999999999999999999999", 400);
        cases.put("/jobs?sort=random()", 400);
        cases.put("/jobs?limit=5&limit=6", 400);
        cases.put("/jobs?q=" + longText, 400);
        cases.put("/jobs?tag=%00", 400);
        cases.put("/jobs?tag=a%0Ab", 400);
        cases.put("/jobs?unknown=1", 400);
        cases.put("/jobs?q=%E2%80%AE%00", 400);
        cases.put("/jobs?id=1%20OR%201=1", 400);
        cases.put("/?range=forever", 400);
        cases.put("/queues?debug=true", 400);
        cases.put("/jobs/abc", 400);
        cases.put("/jobs/0", 400);
        cases.put("/jobs/-1", 400);
        cases.put("/jobs/1%27%20OR%20%271%27=%271", 400);
        cases.put("/jobs/99999999999999999999", 400);
        cases.put("/jobs/999999999", 404);
        cases.put("/no/such/page", 404);
        cases.put("/issues?status=bogus", 400);
        cases.put("/issues?after=zzz", 400);
        cases.put("/issues?after=0123456789abcdef", 404);
        cases.put("/issues/not-an-issue", 400);
        cases.put("/issues/%3Cscript%3E", 400);
        cases.put("/issues/0123456789abcdef", 404);
        cases.put("/cron?name=x", 400);
        cases.put("/audit?before=abc", 400);
        cases.put("/audit?before=1&before=2", 400);
        cases.put("/nodes?limit=1", 400);
        cases.put("/alerts?active=yes", 400);
        cases.put("/alerts?active=true&active=false", 400);
        cases.put("/alerts?rule=%3Cscript%3Ealert(1)%3C/script%3E", 400);
        cases.put("/alerts?rule=x%27%20OR%201%3D1--", 400);
        cases.put("/alerts?rule=" + longText, 400);
        cases.put("/alerts?before=abc", 400);
        cases.put("/alerts?before=0", 400);
        cases.put("/alerts?severity=high", 400);
        cases.put("/events/jobs/abc", 400);
        cases.put("/events/jobs/999999999", 404);
        cases.put("/events/overview?topic=all", 400);
        cases.put("/assets/..%2Fpom.xml", 404);
        cases.put("/assets/secret.properties", 404);
        cases.forEach((path, status) -> {
            HttpResponse<String> response = http.get(path);
            assertThat(response.statusCode()).as(path + " -> " + response.body()).isEqualTo(status);
            assertThat(response.body()).as(path).doesNotContain("Exception").doesNotContain("\tat ")
                    .doesNotContain("<script>").doesNotContain("dev.stevedore.");
            assertThat(response.body()).as(path).contains("id=\"message\"");
        });
        // Broken escapes (which the JDK's client will not even send): a 4xx, never a 500 or a trace.
        for (String malformed : List.of("/jobs?q=%zz", "/jobs?%zz=1", "/jobs/%zz", "/jobs?state=%zz", "/jobs?q=%4", "/jobs/%")) {
            Http.RawResponse response = http.raw(malformed);
            assertThat(response.status()).as(malformed + " -> " + response.body()).isBetween(400, 499);
            // (A 200 lists jobs, whose last errors may name exceptions: look for a trace, not the word.)
            assertThat(response.body()).as(malformed).doesNotContain("\tat ").doesNotContain("at dev.stevedore.")
                    .doesNotContain("at io.javalin.").doesNotContain("at org.eclipse.jetty.");
        }
        assertThat(http.raw("/jobs?state=%zz").body()).contains("broken %-escape");
        assertThat(http.raw("/jobs?q=%E2%28%A1").status()).as("a bad UTF-8 sequence is only odd text").isEqualTo(200);
        assertThat(http.get("/jobs?state=bogus").body()).contains("state must be one of");
        assertThat(http.get("/jobs?limit=100000000").body()).contains("limit must be in [1, 500]");
        assertThat(http.get("/jobs?queue=mail%27%20OR%201%3D1--").body()).contains("queue must be a queue name");
        assertThat(http.get("/jobs?kind=%3Cscript%3Ealert(1)%3C/script%3E").body()).contains("&lt;script&gt;");
        assertThat(http.get("/jobs?from=yesterday").body()).contains("from must be a date and time");
        assertThat(http.get("/alerts?active=yes").body()).contains("active must be one of [true, false]");
        assertThat(http.get("/alerts?rule=x%27%20OR%201%3D1--").body()).contains("rule must be an alert rule&#39;s name")
                .contains("x&#39; OR 1=1--");
    }

    @Test
    void theQueuesPageShowsEachQueuesHealthWithItsComponentsAndRecommendations() {
        // Ready jobs and no live node serving their queue (this test node never starts): a capped, poor score.
        node.enqueue(new Digest("stalled-1"), o -> o.queue("stalled-q"));
        node.enqueue(new Digest("stalled-2"), o -> o.queue("stalled-q"));
        dev.stevedore.QueueHealth health = node.queueHealth("stalled-q");

        String page = Http.anonymous(open).get("/queues").body();

        Matcher row = Pattern.compile("<tr id=\"queue-stalled-q\">.*?</tr>", Pattern.DOTALL).matcher(page);
        assertThat(row.find()).as(page).isTrue();
        assertThat(row.group()).contains("class=\"badge health-poor\"").contains(">" + health.score() + "</span>");
        Matcher details = Pattern.compile("<section class=\"health\" id=\"health-stalled-q\">.*?</section>", Pattern.DOTALL)
                .matcher(page);
        assertThat(details.find()).as(page).isTrue();
        assertThat(details.group()).contains("Capped: no live node serves stalled-q while 2 jobs are ready")
                .contains("<td>failures</td>").contains("<td>latency</td>").contains("<td>backlog</td>")
                .contains("<td>stuck</td>").contains("<td>breakers</td>")
                .contains(Html.escape(health.component(dev.stevedore.QueueHealth.STUCK).measured()))
                .contains("<li>stalled-q: no live node serves the queue while 2 jobs are ready — start a worker serving it"
                        + " (stevedore worker --queue stalled-q)</li>");
        assertThat(health.score()).isLessThanOrEqualTo(dev.stevedore.QueueHealth.NO_NODE_CAP);

        String overview = Http.anonymous(open).get("/").body();
        assertThat(overview).contains("<a href=\"/queues#health-stalled-q\">stalled-q</a>");
    }

    @Test
    void theAlertsPageListsActiveAlertsFirstThenTheHistoryAndFilters() {
        store.alertFire(new dev.stevedore.spi.AlertFire("queue-stalled", "stalled-q", "stalled-q: <nothing> ran for 10m",
                Duration.ZERO)).orElseThrow();
        store.alertFire(new dev.stevedore.spi.AlertFire("mail-failing", "mail", "mail: 40% of attempts failed", Duration.ZERO))
                .orElseThrow();
        store.alertResolve("mail-failing", "mail").orElseThrow();
        Http http = Http.anonymous(open);

        String page = http.get("/alerts").body();
        assertThat(page).contains("<a href=\"/alerts\" class=\"active\" aria-current=\"page\">Alerts</a>");
        String active = section(page, "active-alerts");
        assertThat(active).contains("queue-stalled").contains("stalled-q").contains("stalled-q: &lt;nothing&gt; ran for 10m")
                .contains(">active</span>").doesNotContain("mail-failing");
        String history = section(page, "alerts");
        assertThat(history.indexOf("mail-failing")).as("newest first").isBetween(0, history.indexOf("queue-stalled"));
        assertThat(history).contains("mail: 40% of attempts failed").contains(" UTC</td>");
        assertThat(page.indexOf("id=\"active-alerts\"")).as("active first").isLessThan(page.indexOf("id=\"alerts\""));

        assertThat(section(http.get("/alerts?active=true").body(), "alerts")).contains("queue-stalled").doesNotContain("mail-failing");
        assertThat(section(http.get("/alerts?rule=mail-failing").body(), "alerts")).contains("mail-failing")
                .doesNotContain("queue-stalled");
        assertThat(http.get("/alerts?rule=no-such-rule&active=true").body()).contains("No active alert of rule no-such-rule yet.");
        assertThat(http.get("/").body()).containsPattern("id=\"active-alerts\" class=\"firing\">[1-9][0-9]* active alert");
    }

    @Test
    void alertPagesFollowTheKeyWithoutSkippingOrRepeating() {
        for (int i = 0; i < 130; i++) {
            store.alertFire(new dev.stevedore.spi.AlertFire("paged", String.format("s%03d", i), "page me", Duration.ZERO))
                    .orElseThrow();
        }
        Http http = Http.anonymous(open);
        List<String> subjects = new ArrayList<>();
        String path = "/alerts?rule=paged&active=true";
        for (int pages = 0; path != null; pages++) {
            assertThat(pages).as("pages").isLessThan(3);
            String page = http.get(path).body();
            Matcher subject = Pattern.compile("<td>(s[0-9]{3})</td>").matcher(section(page, "alerts"));
            while (subject.find()) {
                subjects.add(subject.group(1));
            }
            Matcher next = Pattern.compile("href=\"(/alerts\\?[^\"]*)\" id=\"next-page\"").matcher(page);
            path = next.find() ? next.group(1).replace("&amp;", "&") : null;
        }
        List<String> expected = new ArrayList<>();
        for (int i = 129; i >= 0; i--) {
            expected.add(String.format("s%03d", i));
        }
        assertThat(subjects).as("newest first, each once").isEqualTo(expected);
        assertThat(http.get("/alerts?rule=paged").body()).as("more active alerts than one page")
                .contains("href=\"/alerts?rule=paged&amp;active=true\" id=\"more-active\"");
    }

    /** The table with {@code id} in {@code page}. */
    static String section(String page, String id) {
        Matcher table = Pattern.compile("<table id=\"" + id + "\">.*?</table>", Pattern.DOTALL).matcher(page);
        assertThat(table.find()).as(id + " in " + page).isTrue();
        return table.group();
    }

    @Test
    void hostileFormsGetA4xxToo() {
        Http http = Http.anonymous(open);
        String csrf = http.csrf();
        assertThat(http.post("/jobs/actions", form("_csrf", csrf, "action", "explode", "id", "1")).statusCode()).isEqualTo(400);
        assertThat(http.post("/jobs/actions", form("_csrf", csrf, "action", "retry")).statusCode()).isEqualTo(400);
        assertThat(http.post("/jobs/actions", form("_csrf", csrf, "action", "retry", "id", "1; DELETE")).statusCode()).isEqualTo(400);
        assertThat(http.post("/jobs/actions", form("_csrf", csrf, "action", "retry", "id", "1", "sql", "x")).statusCode()).isEqualTo(400);
        String[] many = new String[2 * 501 + 4];
        many[0] = "_csrf";
        many[1] = csrf;
        many[2] = "action";
        many[3] = "cancel";
        for (int i = 0; i < 501; i++) {
            many[4 + 2 * i] = "id";
            many[5 + 2 * i] = String.valueOf(i + 1);
        }
        HttpResponse<String> tooMany = http.post("/jobs/actions", form(many));
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(tooMany.body()).contains("at most 500 jobs");
        assertThat(http.post("/queues/mail'--/pause", form("_csrf", csrf)).statusCode()).isEqualTo(400);
        assertThat(http.post("/queues/mail/explode", form("_csrf", csrf)).statusCode()).isEqualTo(404);
        assertThat(http.post("/cron/actions", form("_csrf", csrf, "name", "no such schedule", "action", "run")).statusCode()).isEqualTo(404);
        assertThat(http.post("/cron/actions", form("_csrf", csrf, "name", "nightly digest")).statusCode()).isEqualTo(400);
        assertThat(http.post("/cron/actions", form("_csrf", csrf, "name", "nightly digest", "action", "drop")).statusCode()).isEqualTo(400);
        assertThat(http.post("/issues/" + ISSUE + "/delete", form("_csrf", csrf)).statusCode()).isEqualTo(404);
        assertThat(http.post("/issues/xyz/resolve", form("_csrf", csrf)).statusCode()).isEqualTo(400);
        for (Map<String, List<String>> bad : List.of(form("_csrf", csrf, "action", "explode", "queue", "mail"),
                form("_csrf", csrf, "queue", "mail"),
                form("_csrf", csrf, "action", "retry", "queue", "mail' OR 1=1--"),
                form("_csrf", csrf, "action", "retry", "state", "bogus"),
                form("_csrf", csrf, "action", "retry", "before", "-1"),
                form("_csrf", csrf, "action", "retry", "before", "1 OR 1=1"),
                form("_csrf", csrf, "action", "retry", "confirm", "maybe"),
                form("_csrf", csrf, "action", "retry", "confirm_auth", "<script>"),
                form("_csrf", csrf, "action", "retry", "from", "yesterday"),
                form("_csrf", csrf, "action", "retry", "q", "x".repeat(201)),
                form("_csrf", csrf, "action", "retry", "id", "1"),
                form("_csrf", csrf, "action", "retry", "queue", "a", "queue", "b"))) {
            HttpResponse<String> refused = http.post("/jobs/bulk", bad);
            assertThat(refused.statusCode()).as(bad + " -> " + refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("id=\"message\"").doesNotContain("\tat ").doesNotContain("<script>");
        }
    }

    @Test
    void redactedFieldsNeverReachTheJobPage() {
        long id = signup("redact@example.com");
        String page = Http.anonymous(open).get("/jobs/" + id).body();
        assertThat(page).contains("redact@example.com").contains("[redacted]").contains("A. Holder")
                .doesNotContain(SECRET_PASSWORD).doesNotContain(SECRET_CARD);
        String list = Http.anonymous(open).get("/jobs?q=redact").body();
        assertThat(list).contains("/jobs/" + id).doesNotContain(SECRET_PASSWORD);
    }

    @Test
    void signInIsRequiredWhenCredentialsAreConfigured() {
        HttpResponse<String> anonymous = Http.anonymous(secured).get("/");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(Http.bearer(secured, "wrong-token-0123456789").get("/").statusCode()).isEqualTo(401);
        assertThat(Http.basic(secured, "alice", "wrong-password").get("/").statusCode()).isEqualTo(401);
        assertThat(Http.basic(secured, "ops", OPERATOR_TOKEN).get("/").statusCode()).as("a token is not a password").isEqualTo(401);
        assertThat(Http.anonymous(secured).post("/queues/mail/pause", form("confirm", "yes")).statusCode()).isEqualTo(401);
        assertThat(Http.bearer(secured, VIEWER_TOKEN).get("/jobs").statusCode()).isEqualTo(200);
        assertThat(Http.basic(secured, "alice", "alice-password").get("/queues").statusCode()).isEqualTo(200);
        assertThat(Http.anonymous(secured).get("/assets/dashboard.css").statusCode()).as("assets are public").isEqualTo(200);
    }

    @Test
    void aNonLoopbackAddressWithoutCredentialsIsRefusedAtStart() {
        assertThatThrownBy(() -> Dashboard.start(node, store, DashboardOptions.defaults().host("0.0.0.0").port(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without authentication");
        assertThat(Access.isLoopback("10.1.2.3")).isFalse();
        assertThat(Access.isLoopback("127.0.0.1")).isTrue();
        assertThat(Access.isLoopback("::1")).isTrue();
    }

    @Test
    void viewersAreRefusedEveryAction() {
        Http viewer = Http.bearer(secured, VIEWER_TOKEN);
        String csrf = viewer.csrf();
        long id = signup("viewer@example.com");
        assertThat(viewer.get("/jobs").body()).doesNotContain("action-retry");
        HttpResponse<String> refused = viewer.post("/jobs/actions", form("_csrf", csrf, "action", "cancel", "id", String.valueOf(id)));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("viewer");
        assertThat(viewer.post("/queues/mail/pause", form("_csrf", csrf, "confirm", "yes")).statusCode()).isEqualTo(403);
        assertThat(viewer.post("/jobs/bulk", form("_csrf", csrf, "action", "cancel", "queue", "mail", "confirm", "yes"))
                .statusCode()).isEqualTo(403);
        assertThat(viewer.post("/cron/actions", form("_csrf", csrf, "name", "nightly digest", "action", "backfill",
                "from", "2025-01-01T00:00", "to", "2025-01-02T00:00")).statusCode()).isEqualTo(403);
        assertThat(viewer.get("/jobs").body()).doesNotContain("id=\"bulk\"");
        assertThat(viewer.get("/cron").body()).doesNotContain("value=\"backfill\"");
        assertThat(node.job(id).orElseThrow().state()).isEqualTo(JobState.AVAILABLE);
        assertThat(node.pausedQueues()).extracting(p -> p.queue()).doesNotContain("mail");
    }

    @Test
    void writesWithoutTheRightCsrfTokenAreRefused() {
        Http operator = Http.bearer(secured, OPERATOR_TOKEN);
        long id = signup("csrf@example.com");
        assertThat(operator.post("/jobs/actions", form("action", "cancel", "id", String.valueOf(id))).statusCode()).isEqualTo(403);
        assertThat(operator.post("/jobs/bulk", form("action", "cancel", "queue", "mail", "confirm", "yes")).statusCode())
                .as("all matching without a token").isEqualTo(403);
        assertThat(operator.post("/jobs/actions", form("_csrf", "00ff", "action", "cancel", "id", String.valueOf(id))).statusCode())
                .isEqualTo(403);
        String othersToken = Http.basic(secured, "alice", "alice-password").csrf();
        assertThat(operator.post("/jobs/actions", form("_csrf", othersToken, "action", "cancel", "id", String.valueOf(id))).statusCode())
                .as("another user's token").isEqualTo(403);
        assertThat(node.job(id).orElseThrow().state()).isEqualTo(JobState.AVAILABLE);

        HttpResponse<String> done = operator.post("/jobs/actions", form("_csrf", operator.csrf(), "action", "cancel", "id", String.valueOf(id)));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(node.job(id).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void jobActionsActOnEachTickedJobAndSayWhatHappened() {
        Http http = Http.anonymous(open);
        String csrf = http.csrf();
        long a = signup("a@example.com");
        long b = signup("b@example.com");
        HttpResponse<String> discarded = http.post("/jobs/actions", form("_csrf", csrf, "action", "discard",
                "id", String.valueOf(a), "id", String.valueOf(b), "id", "999999999"));
        assertThat(discarded.statusCode()).isEqualTo(200);
        assertThat(discarded.body()).contains("discard: 2 of 3 job(s) changed").contains("no such job");
        assertThat(node.job(a).orElseThrow().state()).isEqualTo(JobState.DISCARDED);

        assertThat(http.post("/jobs/actions", form("_csrf", csrf, "action", "retry", "id", String.valueOf(a))).body())
                .contains("done: now available");
        assertThat(http.post("/jobs/actions", form("_csrf", csrf, "action", "delete", "id", String.valueOf(a))).body())
                .contains("not deleted");
        assertThat(http.post("/jobs/actions", form("_csrf", csrf, "action", "delete", "id", String.valueOf(b))).body())
                .contains("done: deleted");
        assertThat(node.job(b)).isEmpty();
        assertThat(http.post("/jobs/actions", form("_csrf", csrf, "action", "run-now", "id", String.valueOf(a))).body())
                .contains("not run now");
    }

    @Test
    void quarantinedJobsAreMarkedFilteredAndReleasedByARetry() {
        Http http = Http.anonymous(open);
        long authHeld = heldForAuthentication();
        node.enqueue(new Signup("poison@example.com", "x", new Card("1", "p")), o -> o.queue("poison-q"));
        // Its node dies while running it (a node id that never beats), and one crash is the limit here.
        long poison = store.jobClaim(new ClaimRequest("poison-q", "ghost", 1)).get(0).id();
        store.jobRescue(new RescueRequest(Duration.ofSeconds(1), Duration.ZERO, "dashboard-test", 10)
                .countingCrashes(new CrashLimit(1, Duration.ofHours(1))));

        String filtered = http.get("/jobs?quarantined=1").body();
        assertThat(filtered).contains("id=\"job-" + poison + "\"").doesNotContain("id=\"job-" + authHeld + "\"")
                .contains("badge quarantined").contains("name=\"quarantined\" value=\"1\" id=\"quarantined\" checked");
        assertThat(http.get("/jobs?state=held").body()).contains("id=\"job-" + poison + "\"")
                .contains("id=\"job-" + authHeld + "\"");
        assertThat(http.get("/jobs/" + poison).body()).contains("badge quarantined")
                .contains("quarantined after crashing its worker 1 time(s) within PT1H");
        assertThat(http.get("/jobs?quarantined=yes").statusCode()).isEqualTo(400);

        HttpResponse<String> retried = http.post("/jobs/actions", form("_csrf", http.csrf(), "action", "retry", "id",
                String.valueOf(poison)));
        assertThat(retried.body()).contains("done: now available");
        assertThat(http.get("/jobs?quarantined=1").body()).doesNotContain("id=\"job-" + poison + "\"");
    }

    @Test
    void retryingJobsHeldForAuthenticationAsksForAnExplicitConfirmation() {
        Http http = Http.anonymous(open);
        String csrf = http.csrf();
        long held = heldForAuthentication();
        HttpResponse<String> asked = http.post("/jobs/actions", form("_csrf", csrf, "action", "retry", "id", String.valueOf(held)));
        assertThat(asked.statusCode()).isEqualTo(200);
        assertThat(asked.body()).contains("held for an authentication error").contains("confirm_auth");
        assertThat(node.job(held).orElseThrow().state()).as("not retried yet").isEqualTo(JobState.HELD);

        HttpResponse<String> confirmed = http.post("/jobs/actions", form("_csrf", csrf, "action", "retry", "id",
                String.valueOf(held), "confirm_auth", "yes"));
        assertThat(confirmed.body()).contains("done: now available");
        assertThat(node.job(held).orElseThrow().state()).isEqualTo(JobState.AVAILABLE);
    }

    @Test
    void queueActionsAskFirstThenAct() {
        Http http = Http.anonymous(open);
        String csrf = http.csrf();
        signup("queue@example.com");
        HttpResponse<String> asked = http.post("/queues/mail/clear", form("_csrf", csrf));
        assertThat(asked.body()).contains("Clear mail?");
        assertThat(store.queueCounts().stream().filter(c -> c.queue().equals("mail") && c.state() == JobState.AVAILABLE)
                .mapToLong(c -> c.count()).sum()).isPositive();

        assertThat(http.post("/queues/mail/pause", form("_csrf", csrf, "confirm", "yes")).body()).contains("Paused mail");
        assertThat(node.pausedQueues()).extracting(p -> p.queue()).contains("mail");
        assertThat(http.get("/queues").body()).contains("paused")
                .contains("one-signup-per-email").contains("kinds [dash.signup] by [email]: 1 at a time, first in first out");
        assertThat(http.post("/queues/mail/resume", form("_csrf", csrf, "confirm", "yes")).body()).contains("Resumed mail");
        assertThat(node.pausedQueues()).extracting(p -> p.queue()).doesNotContain("mail");
    }

    @Test
    void jobPagesFollowTheKeyWithoutSkippingOrRepeating() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(node.enqueue(new Signup("page" + i + "@example.com", "p", new Card("1", "h")), o -> o.queue("paging")).id());
        }
        for (String sort : List.of("newest", "oldest")) {
            Map<String, Integer> followed = new LinkedHashMap<>();
            List<Long> seen = walk(Http.anonymous(open), "/jobs?queue=paging&limit=3&sort=" + sort, followed);
            List<Long> expected = new ArrayList<>(ids);
            if (sort.equals("newest")) {
                java.util.Collections.reverse(expected);
            }
            assertThat(seen).as(sort).containsExactlyElementsOf(expected);
            assertThat(followed).as(sort + ": one window holds them all").isEqualTo(Map.of("next-page", 2));
        }
    }

    @Test
    void aFilteredPageSearchesOneWindowOfIdsAndLinksToTheOlderOnes() {
        long needle = node.enqueue(new Digest("window-needle"), o -> o.queue("window-q")).id();
        List<Long> fillers = filler(3 * WINDOW + 5);
        long newest = fillers.getLast();
        Http http = Http.anonymous(windowed);

        String page = http.get("/jobs?q=window-needle").body();
        assertThat(rows(page)).isEmpty();
        assertThat(page).as("jobs may match beyond").doesNotContain("id=\"no-jobs\"");
        assertThat(page).contains("<p class=\"notice\" id=\"window-notice\">No more matches among job ids " + (newest - WINDOW + 1)
                + "–" + newest + ". The dashboard searches 20 job ids per page");
        assertThat(href(page, "search-further")).isEqualTo("/jobs?q=window-needle&sort=newest&limit=50&before="
                + (newest - WINDOW + 1));
        assertThat(page).contains(">Search older jobs</a>");

        // Each link searches the next 20 ids down, until the window holding the needle.
        int hops = 0;
        long before = newest + 1;
        while (!rows(page).contains(needle)) {
            assertThat(rows(page)).isEmpty();
            before -= WINDOW;
            assertThat(href(page, "search-further")).endsWith("&before=" + before);
            page = http.get(href(page, "search-further")).body();
            hops++;
        }
        assertThat(rows(page)).containsExactly(needle);
        assertThat(hops).isEqualTo((int) ((newest - needle) / WINDOW));
        assertThat(page).contains("id=\"first-page\"");

        // The 100,000-id default reaches it at once; an unfiltered list, a full page or the request's own
        // nearer bound have nothing to say about windows.
        assertThat(rows(Http.anonymous(open).get("/jobs?q=window-needle").body())).containsExactly(needle);
        assertThat(http.get("/jobs?limit=5").body()).doesNotContain("window-notice");
        String full = http.get("/jobs?queue=window-filler&limit=" + WINDOW).body();
        assertThat(rows(full)).hasSize(WINDOW);
        assertThat(full).doesNotContain("window-notice").contains("id=\"next-page\"");
        String bounded = http.get("/jobs?queue=window-filler&after=" + (newest - 5)).body();
        assertThat(rows(bounded)).containsExactlyElementsOf(fillers.reversed().stream().filter(id -> id > newest - 5).toList());
        assertThat(bounded).doesNotContain("window-notice");
        assertThatThrownBy(() -> DashboardOptions.defaults().scanWindow(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    @Test
    void oldestFirstAFilteredPageSearchesOneWindowOfIdsAndLinksToTheNewerOnes() {
        long start = filler(1).getFirst();
        filler(2 * WINDOW + 5);
        long needle = node.enqueue(new Digest("window-newer-needle"), o -> o.queue("window-q")).id();
        Http http = Http.anonymous(windowed);

        String page = http.get("/jobs?q=window-newer-needle&sort=oldest&after=" + start).body();
        assertThat(rows(page)).isEmpty();
        assertThat(page).contains("No more matches among job ids " + (start + 1) + "–" + (start + WINDOW) + ".")
                .contains(">Search newer jobs</a>");
        assertThat(href(page, "search-further")).isEqualTo("/jobs?q=window-newer-needle&sort=oldest&limit=50&after="
                + (start + WINDOW));
        int hops = 0;
        while (!rows(page).contains(needle)) {
            assertThat(rows(page)).isEmpty();
            page = http.get(href(page, "search-further")).body();
            hops++;
        }
        assertThat(rows(page)).containsExactly(needle);
        assertThat(hops).isEqualTo((int) ((needle - start - 1) / WINDOW));
        assertThat(page).as("the newest job is in this window").doesNotContain("window-notice");
        assertThat(http.get("/jobs?q=window-newer-needle&sort=oldest&after=" + needle).body()).as("nothing beyond")
                .contains("id=\"no-jobs\"").doesNotContain("window-notice");

        // From the start of the table, without a cursor, it is reached all the same.
        assertThat(walk(http, "/jobs?q=window-newer-needle&sort=oldest", new LinkedHashMap<>())).containsExactly(needle);
    }

    @Test
    void manyMatchesPageAcrossWindowsWithoutSkippingOrRepeating() {
        // A match every 10 ids, from just above `start` to the newest job: each window of 20 holds two,
        // and the job at each window's edge, on either side, is one, so a cursor one off skips or repeats it.
        long start = filler(1).getFirst();
        List<Long> matches = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            filler(i == 0 ? 0 : 9);
            matches.add(node.enqueue(new Digest("window-many"), o -> o.queue("window-many")).id());
        }
        for (String sort : List.of("newest", "oldest")) {
            Map<String, Integer> followed = new LinkedHashMap<>();
            // Two a page: full pages ("Next page") and windows that run out; three: every window runs out.
            for (int limit : List.of(2, 3)) {
                String path = "/jobs?queue=window-many&limit=" + limit + "&sort=" + sort + (sort.equals("oldest") ? "&after=" + start : "");
                List<Long> expected = sort.equals("newest") ? matches.reversed() : matches;
                assertThat(walk(Http.anonymous(windowed), path, followed)).as(path).containsExactlyElementsOf(expected);
            }
            assertThat(followed).as(sort + ": both links were followed").containsKeys("next-page", "search-further");
        }
    }

    @Test
    void allMatchingActsOnEveryMatchNotOnlyThoseInThePagesWindow() {
        List<Long> cancelled = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long id = node.enqueue(new Digest("window-bulk"), o -> o.queue("window-bulk")).id();
            node.cancel(id);
            cancelled.add(id);
        }
        filler(2 * WINDOW);
        Http http = Http.anonymous(windowed);
        String csrf = http.csrf();
        String page = http.get("/jobs?queue=window-bulk&state=cancelled").body();
        assertThat(rows(page)).as("outside the first window").isEmpty();
        assertThat(page).contains("id=\"window-notice\"").contains("id=\"bulk-retry\"");
        assertThat(hidden(page, "queue")).isEqualTo("window-bulk");
        assertThat(hidden(page, "state")).isEqualTo("cancelled");
        assertThat(page).doesNotContain("name=\"before\"").doesNotContain("name=\"after\"");

        HttpResponse<String> asked = http.post("/jobs/bulk", form("_csrf", csrf, "action", "retry", "queue", "window-bulk",
                "state", "cancelled"));
        assertThat(asked.body()).contains("Retry 5 job(s) matching state=cancelled queue=window-bulk?");
        HttpResponse<String> done = http.post("/jobs/bulk", form("_csrf", csrf, "action", "retry", "queue", "window-bulk",
                "state", "cancelled", "before", hidden(asked.body(), "before"), "confirm", "yes"));
        assertThat(done.body()).contains("retry: 5 of 5 job(s) matching state=cancelled queue=window-bulk changed");
        assertThat(cancelled).allSatisfy(id -> assertThat(node.job(id).orElseThrow().state()).isEqualTo(JobState.AVAILABLE));
    }

    @Test
    void everyActionIsAuditedWithWhoWhatWhichJobsAndWhen() {
        Http alice = Http.basic(secured, "alice", "alice-password");
        String csrf = alice.csrf();
        long a = signup("audit-a@example.com");
        long b = signup("audit-b@example.com");
        failedOnce();
        java.time.Instant before = store.now();
        assertThat(alice.post("/jobs/actions", form("_csrf", csrf, "action", "cancel", "id", String.valueOf(a), "id",
                String.valueOf(b))).statusCode()).isEqualTo(200);
        assertThat(alice.post("/queues/audited/pause", form("_csrf", csrf, "confirm", "yes")).statusCode()).isEqualTo(200);
        assertThat(alice.post("/queues/audited/clear", form("_csrf", csrf)).statusCode()).as("only asks").isEqualTo(200);
        assertThat(alice.post("/issues/" + ISSUE + "/resolve", form("_csrf", csrf)).body()).contains("is now resolved");
        assertThat(alice.post("/cron/actions", form("_csrf", csrf, "name", "nightly digest", "action", "disable")).body())
                .contains("Disabled nightly digest");
        assertThat(alice.post("/cron/actions", form("_csrf", csrf, "name", "nightly digest", "action", "enable")).body())
                .contains("Enabled nightly digest");
        assertThat(alice.post("/cron/actions", form("_csrf", csrf, "name", "nightly digest", "action", "run")).body())
                .contains("Enqueued job");
        Http.bearer(secured, VIEWER_TOKEN).post("/queues/audited/resume", form("confirm", "yes"));

        List<dev.stevedore.spi.AuditEntry> entries = store.auditList(null, 500).stream()
                .filter(e -> !e.at().isBefore(before.minusSeconds(1)) && e.actor().equals("alice")).toList();
        assertThat(entries).extracting(dev.stevedore.spi.AuditEntry::action)
                .containsSubsequence("cron.run", "cron.enable", "cron.disable", "issue.resolve", "queue.pause", "job.cancel");
        assertThat(entries).extracting(dev.stevedore.spi.AuditEntry::action).doesNotContain("queue.clear");
        dev.stevedore.spi.AuditEntry cancel = entries.stream().filter(e -> e.action().equals("job.cancel")).findFirst().orElseThrow();
        assertThat(cancel.jobIds()).containsExactly(a, b);
        assertThat(cancel.outcome()).contains("2 of 2");
        assertThat(store.auditList(null, 500)).as("refused actions write nothing").noneMatch(e -> e.actor().equals("watcher"));

        String page = Http.bearer(secured, VIEWER_TOKEN).get("/audit").body();
        assertThat(page).contains("alice").contains("job.cancel").contains("/jobs/" + a).contains("nightly digest");
        node.resumeQueue("audited");
        node.reopenIssue(ISSUE);
    }

    @Test
    void theJobPageLinksTheIssuesOfItsFailures() {
        long failed = failedOnce();
        Job job = store.jobClaim(new ClaimRequest("mail", "dashboard-test", 50)).stream().filter(j -> j.id() == failed)
                .findFirst().orElseThrow();
        store.jobCompleteMany(List.of(new Completion(job.id(), job.attempt(), JobState.RETRYABLE, Duration.ofHours(1),
                new AttemptError(job.attempt(), store.now(), "dashboard-test", "java.net.ConnectException", "connection refused <b>",
                        "", ErrorCategory.TRANSIENT, Duration.ofMillis(40)), Completion.AttemptUse.CONSUMED)));
        String page = Http.anonymous(open).get("/jobs/" + failed).body();
        assertThat(page).contains("/issues/" + ISSUE).contains("connection refused &lt;b&gt;").doesNotContain("refused <b>");
        String issue = Http.anonymous(open).get("/issues/" + ISSUE).body();
        assertThat(issue).contains("java.net.ConnectException").contains("/jobs/" + failed).doesNotContain(SECRET_PASSWORD);
    }

    @Test
    void liveUpdatesStreamTheCountersAndAJobsProgress() {
        long id = signup("live@example.com");
        List<String> counts = Http.anonymous(open).firstEvent("/events/overview");
        assertThat(counts.get(0)).isEqualTo("event: counts");
        assertThat(counts.get(1)).startsWith("data: {").contains("\"available\":");

        List<String> progress = Http.anonymous(open).firstEvent("/events/jobs/" + id);
        assertThat(progress.get(0)).isEqualTo("event: progress");
        assertThat(progress.get(1)).contains("\"state\":\"available\"").contains("\"percent\":0");
        assertThat(Http.anonymous(secured).get("/events/overview").statusCode()).as("signed in like pages").isEqualTo(401);
    }
}
