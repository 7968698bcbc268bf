package dev.stevedore.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.Stevedore;
import dev.stevedore.dashboard.Dashboard;
import dev.stevedore.spi.Store;
import dev.stevedore.sqlite.SqliteStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded dashboard example serves its node's jobs, with the redacted key hidden. */
class EmbeddedDashboardTest {
    @TempDir
    Path dir;

    @Test
    void servesTheNodesJobsWithoutTheirKeys() throws Exception {
        Store store = SqliteStore.file(dir.resolve("jobs.db"));
        store.migrateUp();
        try (Stevedore stevedore = Stevedore.builder().store(store).redact("apiKey")
                .handle(EmbeddedDashboard.SyncAccount.class, (ctx, job) -> {}).build();
             Dashboard dashboard = EmbeddedDashboard.serve(stevedore, store, 0)) {
            long id = stevedore.enqueue(new EmbeddedDashboard.SyncAccount(7, "secret-key-7"), o -> o.queue("sync")).id();
            HttpResponse<String> page = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(dashboard.url() + "jobs/" + id)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("accountId").contains("[redacted]").doesNotContain("secret-key-7");
        }
    }
}
