package dev.stevedore.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.Issue;
import dev.stevedore.PausedQueue;
import dev.stevedore.spi.JobFilter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The security review's checks of the dashboard, on top of {@link DashboardHttpContract}'s store and
 * dashboards: every response carries the safety headers, every write route refuses a missing or wrong
 * CSRF token and changes nothing, and oversized or malformed HTTP requests get a 4xx (never a 500 or a
 * stack trace) and change nothing. Subclassed per store engine.
 */
abstract class DashboardSecurityContract extends DashboardHttpContract {
    private static final String HOST = "Host: 127.0.0.1\r\nConnection: close\r\n";

    /** One write the dashboard serves: where it is posted and the fields that make it act. */
    record Write(String path, Map<String, List<String>> form) {}

    @Test
    void everyResponseCarriesTheSafetyHeaders() {
        long job = signup("headers@example.com");
        failedOnce();
        Http local = Http.anonymous(open);
        Http alice = Http.basic(secured, "alice", "alice-password");
        List<String> pages = List.of("/", "/?range=week", "/queues", "/jobs", "/jobs?state=held", "/jobs/" + job, "/nodes",
                "/issues", "/issues/" + ISSUE, "/cron", "/audit", "/alerts");
        for (String path : pages) {
            for (Http http : List.of(local, alice)) {
                HttpResponse<String> page = http.get(path);
                assertThat(page.statusCode()).as(path).isEqualTo(200);
                assertSafeHeaders(path, page.headers()::firstValue, true);
            }
        }
        for (String refused : List.of("/jobs?state=bogus", "/jobs/999999999", "/no/such/page")) {
            assertSafeHeaders(refused, local.get(refused).headers()::firstValue, true);
        }
        assertSafeHeaders("401", Http.anonymous(secured).get("/").headers()::firstValue, true);
        assertSafeHeaders("403 viewer", Http.bearer(secured, VIEWER_TOKEN).post("/queues/mail/pause", form("confirm", "yes"))
                .headers()::firstValue, true);
        assertSafeHeaders("action", local.post("/queues/mail/clear", form("_csrf", local.csrf())).headers()::firstValue, true);
        assertSafeHeaders("event stream", local.streamHeaders("/events/overview")::firstValue, true);
        assertSafeHeaders("job stream", alice.streamHeaders("/events/jobs/" + job)::firstValue, true);
        for (String asset : List.of("/assets/dashboard.js", "/assets/dashboard.css", "/assets/htmx.min.js")) {
            assertSafeHeaders(asset, local.get(asset).headers()::firstValue, false);
        }
    }

    @Test
    void everyWriteRouteRefusesAMissingOrWrongCsrfTokenAndChangesNothing() {
        long job = signup("csrf-every@example.com");
        failedOnce();
        List<Write> writes = new ArrayList<>();
        for (String action : List.of("pause", "resume", "clear")) {
            writes.add(new Write("/queues/mail/" + action, form("confirm", "yes")));
        }
        for (String action : JobActions.ACTIONS) {
            writes.add(new Write("/jobs/actions", form("action", action, "id", String.valueOf(job), "confirm_auth", "yes")));
        }
        for (String action : IssueActions.ACTIONS) {
            writes.add(new Write("/issues/" + ISSUE + "/" + action, form()));
        }
        for (String action : CronActions.ACTIONS) {
            writes.add(new Write("/cron/actions", form("name", "nightly digest", "action", action)));
        }
        Http local = Http.anonymous(open);
        Http alice = Http.basic(secured, "alice", "alice-password");
        String othersToken = Http.bearer(secured, OPERATOR_TOKEN).csrf();
        List<Object> before = world();

        for (Write write : writes) {
            for (Http http : List.of(local, alice)) {
                assertRefused(write, "no token", http.post(write.path(), write.form()));
                assertRefused(write, "a wrong token", http.post(write.path(), with(write.form(), "_csrf", "00ff")));
                assertRefused(write, "an empty token", http.post(write.path(), with(write.form(), "_csrf", "")));
                Http.RawResponse header = http.exchange(formHead(write, "X-CSRF-Token: " + "0".repeat(64)), body(write.form()));
                assertThat(header.status()).as(write + " with a wrong header token").isEqualTo(403);
            }
            assertRefused(write, "another user's token", alice.post(write.path(), with(write.form(), "_csrf", othersToken)));
        }
        assertThat(world()).as("nothing changed").isEqualTo(before);

        // The same request with the right token acts: the refusals above were the token's doing.
        Http.RawResponse paused = alice.exchange(formHead(writes.get(0), "X-CSRF-Token: " + alice.csrf()), body(writes.get(0).form()));
        assertThat(paused.status()).as(paused.body()).isEqualTo(200);
        assertThat(node.pausedQueues()).extracting(PausedQueue::queue).contains("mail");
        node.resumeQueue("mail");
    }

    @Test
    void oversizedAndMalformedRequestsGetA4xxWithoutATraceAndChangeNothing() {
        long job = signup("malformed@example.com");
        Http http = Http.anonymous(open);
        String csrf = http.csrf();
        String form = "Content-Type: application/x-www-form-urlencoded\r\nX-CSRF-Token: " + csrf + "\r\n";
        String cancel = "action=cancel&id=" + job;
        String big = cancel + "&pad=" + "z".repeat(1_000_000);
        Map<String, Object[]> cases = new LinkedHashMap<>();
        cases.put("a query string of 20,000 characters", request("GET /jobs?q=" + "x".repeat(20_000), "", 414));
        cases.put("a parameter of 5,000 characters", request("GET /jobs?q=" + "x".repeat(5_000), "", 400));
        cases.put("1,500 parameters", request("GET /jobs?" + "a=1&".repeat(1_500), "", 400));
        cases.put("a header of 100 kB", request("GET /jobs", "X-Filler: " + "y".repeat(100_000) + "\r\n", 431));
        cases.put("2,000 headers", request("GET /jobs", "X-F: y\r\n".repeat(2_000), 431));
        for (String method : List.of("PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "BREW")) {
            cases.put("method " + method, request(method + " /jobs/" + job, form + "Content-Length: 0\r\n", 405));
        }
        cases.put("a 1 MB form", request("POST /jobs/actions", form + "Content-Length: " + big.length() + "\r\n", 413, big));
        cases.put("a body shorter than its length", request("POST /jobs/actions", form + "Content-Length: 500\r\n", 400, cancel));
        cases.put("a broken chunk", request("POST /jobs/actions", form + "Transfer-Encoding: chunked\r\n", 400,
                "zz\r\n" + cancel + "\r\n0\r\n\r\n"));
        cases.put("a negative length", request("POST /jobs/actions", form + "Content-Length: -1\r\n", 400, cancel));
        cases.put("a length that is not a number", request("POST /jobs/actions", form + "Content-Length: abc\r\n", 400, cancel));
        cases.put("both a length and chunks", request("POST /jobs/actions", form + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
                400, "0\r\n\r\n"));
        cases.put("a broken %-escape in the form", request("POST /jobs/actions", form + "Content-Length: " + (cancel.length() + 4)
                + "\r\n", 400, cancel + "%zz0"));
        String multipart = "Content-Type: multipart/form-data; boundary=zz\r\nX-CSRF-Token: " + csrf + "\r\nContent-Length: 10\r\n";
        cases.put("a multipart body", request("POST /jobs/actions", multipart, 415, "garbage!!!"));
        cases.put("a JSON body", request("POST /jobs/actions", form.replace("x-www-form-urlencoded", "json")
                + "Content-Length: 2\r\n", 415, "{}"));
        cases.put("a NUL in the path", request("GET /jobs\0", "", 400));
        cases.put("bytes that are not UTF-8", request("GET /jobs/%ff%fe", "", 400));
        cases.put("a header without a colon", request("GET /jobs", "NoColonHere\r\n", 400));
        cases.put("dot segments out of the assets", request("GET /assets/%2e%2e/%2e%2e/etc/passwd", "", 400));
        cases.put("a URI naming another host", request("GET http://elsewhere.example/jobs", "", 400));
        List<Object> before = world();

        cases.forEach((name, c) -> {
            Http.RawResponse response = http.exchange((String) c[0], ((String) c[1]).getBytes(StandardCharsets.ISO_8859_1));
            assertThat(response.status()).as(name + " -> " + response.head() + "\n" + response.body()).isEqualTo((int) c[2]);
            assertThat(response.body()).as(name).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("dev.stevedore.")
                    .doesNotContain("<script");
            assertThat(response.header("Cache-Control")).as(name).contains("no-store");
            if (response.body().contains("id=\"message\"")) {
                assertSafeHeaders(name, n -> Optional.ofNullable(response.header(n)), true);
            }
        });
        assertThat(http.exchange((String) cases.get("method BREW")[0], new byte[0]).header("Allow")).isEqualTo("GET, HEAD, POST");
        assertThat(http.exchange((String) cases.get("a multipart body")[0], "garbage!!!".getBytes(StandardCharsets.ISO_8859_1)).body())
                .contains("actions are sent as HTML forms");
        assertThat(http.exchange((String) cases.get("a 1 MB form")[0], big.getBytes(StandardCharsets.ISO_8859_1)).body())
                .contains("over the limit of 64 KiB");
        // HTTP/9.9 is answered 505 by the server itself: the one 5xx, and a correct one, not a failure.
        assertThat(http.exchange("GET /jobs HTTP/9.9\r\n" + HOST, new byte[0]).status()).isEqualTo(505);
        assertThat(world()).as("nothing changed").isEqualTo(before);
        assertThat(http.get("/jobs/" + job).statusCode()).as("still serving").isEqualTo(200);
    }

    private static Object[] request(String requestLine, String headers, int status) {
        return request(requestLine, headers, status, "");
    }

    private static Object[] request(String requestLine, String headers, int status, String body) {
        return new Object[] {requestLine + " HTTP/1.1\r\n" + HOST + headers, body, status};
    }

    /** What a write could change: jobs and their states, paused queues, schedules, the issue, the audit log. */
    private List<Object> world() {
        return List.of(store.jobList(JobFilter.all(10_000)).stream().map(j -> j.id() + ":" + j.state()).toList(),
                node.pausedQueues().stream().map(PausedQueue::queue).sorted().toList(),
                node.cronSchedules().stream().map(c -> c.name() + ":" + (c.disabled() == null)).toList(),
                node.issue(ISSUE).map(Issue::status).orElseThrow(),
                store.auditList(null, 500).size());
    }

    private static void assertRefused(Write write, String how, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(write + " with " + how + ": " + response.body()).isEqualTo(403);
        assertThat(response.body()).as(write + " with " + how).contains("CSRF token");
    }

    static void assertSafeHeaders(String what, Function<String, Optional<String>> header, boolean page) {
        assertThat(header.apply("Content-Security-Policy")).as(what).contains(Routes.CONTENT_SECURITY_POLICY);
        assertThat(Routes.CONTENT_SECURITY_POLICY).contains("frame-ancestors 'none'").contains("script-src 'self'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(header.apply("X-Content-Type-Options")).as(what).contains("nosniff");
        assertThat(header.apply("X-Frame-Options")).as(what).contains("DENY");
        assertThat(header.apply("Referrer-Policy")).as(what).contains("no-referrer");
        if (page) {
            assertThat(header.apply("Cache-Control")).as(what).contains("no-store");
        }
    }

    private static Map<String, List<String>> with(Map<String, List<String>> form, String name, String value) {
        Map<String, List<String>> copy = new LinkedHashMap<>(form);
        copy.put(name, List.of(value));
        return copy;
    }

    private static String formHead(Write write, String header) {
        return "POST " + write.path() + " HTTP/1.1\r\n" + HOST + "Content-Type: application/x-www-form-urlencoded\r\n" + header
                + "\r\nContent-Length: " + body(write.form()).length + "\r\n";
    }

    private static byte[] body(Map<String, List<String>> form) {
        return Http.formBody(form).getBytes(StandardCharsets.UTF_8);
    }
}
