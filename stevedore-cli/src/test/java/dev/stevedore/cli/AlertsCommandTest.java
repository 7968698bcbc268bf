package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.sqlite.SqliteStore;
import dev.stevedore.spi.AlertFire;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stevedore alerts} against a real SQLite file holding alerts as a leader stores them. */
class AlertsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void alertsAreListedNewestFirstActiveOnlyByRuleAndPaged() throws Exception {
        String db = dir.resolve("jobs.db").toString();
        ok("migrate", "up", "-d", db);
        assertThat(ok("alerts", "-d", db).out()).contains("No alerts.");
        try (SqliteStore store = SqliteStore.file(Path.of(db))) {
            store.alertFire(new AlertFire("mail-failing", "mail", "queue mail: success rate 40.0% is below 95.0%", Duration.ZERO));
            store.alertResolve("mail-failing", "mail");
            store.alertFire(new AlertFire("unserved", "reports", "queue reports has ready jobs but no live node serves it",
                    Duration.ZERO));
        }

        CliRun all = ok("alerts", "-d", db);
        assertThat(all.out()).contains("active").contains("unserved").contains("reports")
                .contains("resolved").contains("mail-failing").contains("success rate 40.0%");
        assertThat(all.out().indexOf("unserved")).as("newest first").isLessThan(all.out().indexOf("mail-failing"));
        CliRun active = ok("alerts", "--active", "-d", db);
        assertThat(active.out()).contains("unserved").doesNotContain("mail-failing");
        JsonNode byRule = JSON.readTree(ok("alerts", "--rule", "mail-failing", "--json", "-d", db).out());
        assertThat(byRule).hasSize(1);
        assertThat(byRule.get(0).get("subject").asText()).isEqualTo("mail");
        assertThat(byRule.get(0).get("resolvedAt").isNull()).isFalse();
        CliRun firstPage = ok("alerts", "--limit", "1", "-d", db);
        assertThat(firstPage.out()).contains("unserved").contains("add --before");
        long next = JSON.readTree(ok("alerts", "--limit", "1", "--json", "-d", db).out()).get(0).get("id").asLong();
        assertThat(ok("alerts", "--before", Long.toString(next), "-d", db).out()).contains("mail-failing")
                .doesNotContain("unserved");

        CliRun badLimit = CliRun.of("alerts", "--limit", "501", "-d", db);
        assertThat(badLimit.code()).as(badLimit.toString()).isEqualTo(Main.USAGE);
        assertThat(badLimit.err()).contains("limit must be in [1, 500], was 501");
    }

    private static CliRun ok(String... args) {
        CliRun run = CliRun.of(args);
        assertThat(run.code()).as(run.toString()).isZero();
        return run;
    }
}
