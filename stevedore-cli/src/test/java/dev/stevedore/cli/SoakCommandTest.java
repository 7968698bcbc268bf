package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stevedore soak}: PostgreSQL only, options checked before anything is created, a short run reported. */
class SoakCommandTest {
    @TempDir
    Path dir;

    @Test
    void sqliteAndOptionsOutOfRangeAreUsageErrorsThatCreateNothing() {
        Path csv = dir.resolve("soak.csv");
        assertUsageError(CliRun.of("soak", "--database", "sqlite:" + dir.resolve("x.db"), "--csv", csv.toString()),
                "soak needs a PostgreSQL --database");
        assertUsageError(CliRun.of("soak", "--database", MigratePostgresTest.JDBC_URL, "--length", "2s", "--csv", csv.toString()),
                "the soak must run at least 5 s");
        assertUsageError(CliRun.of("soak", "--database", MigratePostgresTest.JDBC_URL, "--length", "25h", "--csv", csv.toString()),
                "--length must be at most 24h");
        assertUsageError(CliRun.of("soak", "--database", MigratePostgresTest.JDBC_URL, "--rate", "1", "--csv", csv.toString()),
                "rate must be 10..100000");
        assertThat(csv).doesNotExist();
    }

    @Test
    void aShortSoakWritesItsSamplesAndReportsEveryJobRunOnce() throws Exception {
        Path csv = dir.resolve("soak.csv");
        CliRun run = CliRun.of("soak", "--database", MigratePostgresTest.JDBC_URL, "--length", "6s", "--rate", "100",
                "--finished-rows", "1000", "--sample-every", "2s", "--csv", csv.toString());
        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.out()).contains("600 jobs enqueued: 0 not completed, 0 never ran, 0 ran twice; 3 samples in ");
        assertThat(Files.readAllLines(csv)).hasSize(4).first().asString().startsWith("elapsed_s,jobs_per_s,");
        assertThat(run.err()).contains("seeding 1,000 finished rows", "soak: 100 jobs/s for PT6S, retention PT10S");
    }

    private static void assertUsageError(CliRun run, String fragment) {
        assertThat(run.code()).as(run.toString()).isEqualTo(Main.USAGE);
        assertThat(run.err()).as(run.toString()).contains(fragment).doesNotContain("\tat ");
    }
}
