package dev.stevedore.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ApplicationContext;

/** The dashboard properties: its own port, published; users with roles; no open non-loopback address. */
class DashboardServerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir Path dir;

    @Test
    void servesOnTheConfiguredPortWithTheUsersOfTheProperties() {
        SqliteContext.on(dir.resolve("jobs.db"))
                .withPropertyValues("stevedore.dashboard.enabled=true", "stevedore.dashboard.port=0",
                        "stevedore.dashboard.users.ops.password=correct-horse", "stevedore.dashboard.users.ops.role=operator")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(get(context, null).statusCode()).isEqualTo(401);
                    assertThat(get(context, "ops:wrong-horse").statusCode()).isEqualTo(401);
                    HttpResponse<String> page = get(context, "ops:correct-horse");
                    assertThat(page.statusCode()).isEqualTo(200);
                    assertThat(page.body()).contains("default"); // the node's queue on the overview
                });
    }

    @Test
    void nonLoopbackAddressWithoutUsersFailsStartup() {
        SqliteContext.on(dir.resolve("jobs.db"))
                .withPropertyValues("stevedore.dashboard.enabled=true", "stevedore.dashboard.port=0", "stevedore.dashboard.host=0.0.0.0")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageStartingWith("refusing to serve the dashboard on 0.0.0.0 without authentication"));
    }

    @Test
    void userWithoutPasswordNamesTheKey() {
        SqliteContext.on(dir.resolve("jobs.db"))
                .withPropertyValues("stevedore.dashboard.enabled=true", "stevedore.dashboard.users.ops.role=viewer")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessage("stevedore.dashboard.users.ops.password is required"));
    }

    @Test
    void disabledByDefault() {
        SqliteContext.on(dir.resolve("jobs.db")).run(context -> {
            assertThat(context).doesNotHaveBean(DashboardServer.class);
            assertThat(context.getEnvironment().getProperty(DashboardServer.LOCAL_PORT)).isNull();
        });
    }

    private static HttpResponse<String> get(ApplicationContext context, String credentials) throws Exception {
        int port = context.getEnvironment().getRequiredProperty(DashboardServer.LOCAL_PORT, Integer.class);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"));
        if (credentials != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
