package dev.stevedore.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.FailureQuery;
import dev.stevedore.Stevedore;
import dev.stevedore.sqlite.SqliteStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The failures guide's example: a failing sync leaves a redacted failure and one open issue. */
class FailureTriageTest {
    @TempDir
    Path dir;

    @Test
    void aFailingSyncBecomesAnOpenIssueWithoutItsSecrets() {
        FailureTriage.Crm down = (userId, holder) -> {
            throw new IOException("CRM https://crm.example.com/users/" + userId + " answered 503");
        };
        try (Stevedore stevedore = FailureTriage.configure(Stevedore.builder()
                .store(SqliteStore.file(dir.resolve("jobs.db"))).pollInterval(Duration.ofMillis(50)), down).build()) {
            stevedore.start();
            stevedore.enqueue(new FailureTriage.SyncSignup(7, "hunter2", new FailureTriage.Card("4111111111111111", "Ann")),
                    o -> o.maxAttempts(1));
            stevedore.enqueue(new FailureTriage.SyncSignup(8, "s3cret", new FailureTriage.Card("5500000000000004", "Bo")),
                    o -> o.maxAttempts(1));

            await().atMost(Duration.ofSeconds(20)).until(() -> FailureTriage.openIssues(stevedore).size() == 1
                    && stevedore.failures(FailureQuery.newest(10)).size() == 2);

            assertThat(FailureTriage.openIssues(stevedore).get(0))
                    .contains("java.io.IOException").contains("×2").contains("[crm]");
            assertThat(stevedore.failures(FailureQuery.newest(10))).allSatisfy(f -> assertThat(f.args())
                    .doesNotContain("hunter2").doesNotContain("s3cret").doesNotContain("4111111111111111")
                    .contains("[redacted]"));
        }
    }
}
