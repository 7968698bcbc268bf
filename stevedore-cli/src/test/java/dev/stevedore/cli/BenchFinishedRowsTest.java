package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stevedore bench --finished-rows N}: checked before anything is created, seeded, and reported. */
class BenchFinishedRowsTest {

    @TempDir
    Path dir;

    @Test
    void finishedRowsOutsideTheRangeAreAUsageErrorThatCreatesNothing() {
        Path file = dir.resolve("bench.db");
        for (String rows : List.of("-1", "100000001")) {
            CliRun run = CliRun.of("bench", "--finished-rows", rows, "--database", "sqlite:" + file);
            assertThat(run.code()).as(run.toString()).isEqualTo(Main.USAGE);
            assertThat(run.err()).as(run.toString()).contains("finished rows must be in [0, 100000000], was " + rows)
                    .doesNotContain("\tat ");
            assertThat(run.out()).isEmpty();
        }
        assertThat(file).doesNotExist();
    }

    @Test
    void helpNamesTheOption() {
        assertThat(CliRun.of("bench", "--help").out()).contains("--finished-rows=N", "bench-history",
                "bench --finished-rows 10000000");
    }

    @Test
    void sqliteRunSeedsTheTableAndSaysSoInTheReport() {
        CliRun run = CliRun.of("bench", "--finished-rows", "3000", "--jobs", "500", "--single-jobs", "20",
                "--latency-jobs", "5", "--poll-interval", "200ms");
        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.err()).contains("seeding 3,000 finished rows into ", "    seeded 3,000 finished rows in ",
                "    ANALYZE in ");
        assertThat(run.out()).contains(", 3,000 finished rows already in the table (queue bench-history)")
                .containsPattern("(?m)^drain \\(1 node, concurrency 100\\)\\s+500\\s");
    }
}
