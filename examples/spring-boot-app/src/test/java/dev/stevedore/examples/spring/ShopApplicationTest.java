package dev.stevedore.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.CronSchedule;
import dev.stevedore.Enqueued;
import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.Stevedore;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The shop as it runs: a real web server, the real PostgreSQL, jobs run by the starter's node. */
@ExtendWith(DropsSchemas.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "stevedore.dashboard.port=0",
        "stevedore.queues.mail.latency-target=1s",
        "stevedore.health.min-queue-score=80"})
@DirtiesContext
class ShopApplicationTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ShopDatabase DATABASE = new ShopDatabase();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(ShopApplicationTest.class);

    @Autowired Accounts accounts;
    @Autowired Stevedore stevedore;
    @Autowired JdbcClient jdbc;
    @Autowired MeterRegistry meters;
    @Autowired Environment environment;
    @LocalServerPort int port;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DATABASE.register(registry);
    }

    @Test
    void handlerMethodSendsTheWelcomeEmailOfACommittedSignUp() {
        long id = accounts.signUp("ada@example.com", "team");

        await().atMost(PATIENCE).until(() -> accounts.welcomed(id));
        // Counted once the outcome is written, a moment after the handler returned.
        await().atMost(PATIENCE).until(() -> meters.find("stevedore.jobs").tag("kind", "shop.welcome-email")
                .tag("outcome", "completed").counter() != null);
    }

    @Test
    void signUpRolledBackAfterItsEnqueueLeavesNoJobAndCommittedOneRuns() throws Exception {
        jdbc.sql("INSERT INTO plan (name, seats) VALUES ('full', 0)").update();
        long before = DATABASE.jobCount("shop.welcome-email");

        assertThatThrownBy(() -> accounts.signUp("bob@example.com", "full"))
                .isInstanceOf(DataIntegrityViolationException.class);

        assertThat(DATABASE.jobCount("shop.welcome-email")).isEqualTo(before);
        assertThat(jdbc.sql("SELECT count(*) FROM account WHERE email = 'bob@example.com'").query(Long.class).single()).isZero();

        long id = accounts.signUp("bob@example.com", "team");
        assertThat(DATABASE.jobCount("shop.welcome-email")).isEqualTo(before + 1);
        await().atMost(PATIENCE).until(() -> accounts.welcomed(id));
    }

    @Test
    void healthIsUpThenDownWhileAQueueIsLateThenUpAgain() throws Exception {
        JsonNode up = health();
        assertThat(up.path("status").asText()).isEqualTo("UP");
        assertThat(up.path("details").path("node").asText()).isEqualTo(stevedore.nodeId());
        assertThat(up.path("details").path("queues").path("mail").path("score").asInt()).isGreaterThanOrEqualTo(80);

        stevedore.pauseQueue("mail");
        try {
            stevedore.enqueue(new WelcomeEmail(-1)); // no such account: sending it changes nothing
            // Ready for over five latency targets (1 s) the latency component scores 0: 75 at most, under 80.
            await().atMost(PATIENCE).until(() -> health().path("status").asText().equals("DOWN"));
            JsonNode down = health();
            LOG.info("health while mail is late: {}", down);
            assertThat(down.path("details").path("problems").toString()).contains("queue mail scores");
            assertThat(down.path("details").path("queues").path("mail").path("recommendations").size()).isPositive();
        } finally {
            stevedore.resumeQueue("mail");
        }
        await().atMost(PATIENCE).until(() -> health().path("status").asText().equals("UP"));
    }

    @Test
    void cronScheduleOfThePropertiesRunsTheHandlerBean() throws Exception {
        CronSchedule nightly = stevedore.cron().get("nightly-report").orElseThrow();
        assertThat(nightly.expression()).isEqualTo("0 3 * * *");
        assertThat(nightly.zone()).isEqualTo("Europe/Paris");

        Enqueued run = stevedore.cron().runNow("nightly-report");

        await().atMost(PATIENCE).until(() -> stevedore.job(run.id()).map(Job::state).orElseThrow() == JobState.COMPLETED);
        Job done = stevedore.job(run.id()).orElseThrow();
        assertThat(done.kind()).isEqualTo("shop.nightly-report");
        assertThat(JSON.readTree(done.output()).path("region").asText()).isEqualTo("eu");
    }

    @Test
    void dashboardServesOnItsOwnPort() throws Exception {
        int dashboardPort = environment.getRequiredProperty("local.stevedore.dashboard.port", Integer.class);
        assertThat(dashboardPort).isNotEqualTo(port);

        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dashboardPort + "/queues")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("mail");
    }

    private JsonNode health() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health/stevedore")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isIn(200, 503);
        return JSON.readTree(response.body());
    }
}
