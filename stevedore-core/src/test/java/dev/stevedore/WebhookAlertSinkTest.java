package dev.stevedore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook sinks against a real HTTP server on 127.0.0.1: both body formats, error answers, timeouts. */
class WebhookAlertSinkTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Alert ALERT = new Alert(7, "mail-failing", "mail", "queue mail: success rate 62.5% \"low\"",
            Instant.parse("2026-12-07T04:00:00Z"), null);

    private record Request(String method, String path, String contentType, String body) {}

    private HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile int status = 200;
    private volatile String answer = "ok";

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] out = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.createContext("/stuck", exchange -> {
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void theJsonWebhookPostsEveryFieldOfTheChange() throws Exception {
        AlertSink.webhook(url("/hook")).send(new AlertChange(AlertChange.Type.FIRED, ALERT));
        Alert resolved = new Alert(7, "mail-failing", "mail", ALERT.message(), ALERT.firedAt(),
                Instant.parse("2026-12-07T04:10:00Z"));
        AlertSink.webhook(url("/hook"), Duration.ofSeconds(5)).send(new AlertChange(AlertChange.Type.RESOLVED, resolved));

        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).method()).isEqualTo("POST");
        assertThat(requests.get(0).contentType()).startsWith("application/json");
        JsonNode fired = JSON.readTree(requests.get(0).body());
        assertThat(fired.get("event").asText()).isEqualTo("fired");
        assertThat(fired.get("rule").asText()).isEqualTo("mail-failing");
        assertThat(fired.get("subject").asText()).isEqualTo("mail");
        assertThat(fired.get("message").asText()).isEqualTo(ALERT.message());
        assertThat(fired.get("alertId").asLong()).isEqualTo(7);
        assertThat(fired.get("firedAt").asText()).isEqualTo("2026-12-07T04:00:00Z");
        assertThat(fired.get("resolvedAt").isNull()).isTrue();
        JsonNode done = JSON.readTree(requests.get(1).body());
        assertThat(done.get("event").asText()).isEqualTo("resolved");
        assertThat(done.get("resolvedAt").asText()).isEqualTo("2026-12-07T04:10:00Z");
    }

    @Test
    void theSlackWebhookPostsOneTextField() throws Exception {
        AlertSink.slack(url("/hook")).send(new AlertChange(AlertChange.Type.FIRED, ALERT));

        JsonNode body = JSON.readTree(requests.get(0).body());
        assertThat(body.size()).isEqualTo(1);
        assertThat(body.get("text").asText()).contains("*mail-failing*", "fired for mail", ALERT.message());
    }

    @Test
    void anAnswerOtherThan2xxIsAFailureThatQuotesTheStatusButNotTheSecretPath() {
        status = 500;
        answer = "internal trouble";

        assertThatThrownBy(() -> AlertSink.slack(url("/hook")).send(new AlertChange(AlertChange.Type.FIRED, ALERT)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("HTTP 500: internal trouble")
                .hasMessageNotContaining("/hook");
        status = 404;
        answer = "";
        assertThatThrownBy(() -> AlertSink.webhook(url("/hook")).send(new AlertChange(AlertChange.Type.FIRED, ALERT)))
                .isInstanceOf(IOException.class).hasMessageEndingWith("HTTP 404");
    }

    @Test
    void aReceiverThatDoesNotAnswerWithinTheTimeoutIsAFailure() {
        AlertSink sink = AlertSink.webhook(url("/stuck"), Duration.ofMillis(300));

        assertThatThrownBy(() -> sink.send(new AlertChange(AlertChange.Type.FIRED, ALERT)))
                .isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void aReceiverThatIsNotThereIsAFailure() {
        URI gone = url("/hook");
        server.stop(0);

        assertThatThrownBy(() -> AlertSink.webhook(gone, Duration.ofSeconds(2)).send(new AlertChange(AlertChange.Type.FIRED, ALERT)))
                .isInstanceOf(IOException.class);
    }
}
