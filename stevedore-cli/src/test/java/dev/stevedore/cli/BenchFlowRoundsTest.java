package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stevedore bench --flow-rounds} and {@code --span-sampling}: a bad value, or one without the
 * phase it tunes, is a usage error.
 */
class BenchFlowRoundsTest {
    @TempDir
    Path dir;

    @Test
    void roundsOutOfRangeOrWithoutFlowControlAreUsageErrorsThatCreateNothing() {
        Path file = dir.resolve("bench.db");
        String db = "sqlite:" + file;
        for (CliRun run : List.of(CliRun.of("bench", "--flow-control", "--flow-rounds", "0", "--database", db),
                CliRun.of("bench", "--flow-control", "--flow-rounds", "51", "--database", db),
                CliRun.of("bench", "--flow-rounds", "3", "--database", db))) {
            assertThat(run.code()).as(run.toString()).isEqualTo(Main.USAGE);
            assertThat(run.err()).as(run.toString()).contains("--flow-rounds").doesNotContain("\tat ")
                    .doesNotContain("Exception");
            assertThat(run.out()).isEmpty();
        }
        assertThat(file).doesNotExist();
    }

    @Test
    void spanSamplingOrObservabilityRoundsOutOfRangeOrWithoutTheirPhaseAreUsageErrorsThatCreateNothing() {
        Path file = dir.resolve("bench.db");
        String db = "sqlite:" + file;
        for (CliRun run : List.of(CliRun.of("bench", "--observability", "--span-sampling", "0", "--database", db),
                CliRun.of("bench", "--observability", "--span-sampling", "1.5", "--database", db),
                CliRun.of("bench", "--observability=meters", "--span-sampling", "0.1", "--database", db),
                CliRun.of("bench", "--span-sampling", "0.1", "--database", db))) {
            assertThat(run.code()).as(run.toString()).isEqualTo(Main.USAGE);
            assertThat(run.err()).as(run.toString()).contains("--span-sampling").doesNotContain("\tat ");
            assertThat(run.out()).isEmpty();
        }
        for (CliRun run : List.of(CliRun.of("bench", "--observability", "--observability-rounds", "0", "--database", db),
                CliRun.of("bench", "--observability-rounds", "2", "--database", db))) {
            assertThat(run.code()).as(run.toString()).isEqualTo(Main.USAGE);
            assertThat(run.err()).as(run.toString()).contains("--observability-rounds").doesNotContain("\tat ");
            assertThat(run.out()).isEmpty();
        }
        assertThat(file).doesNotExist();
    }

    @Test
    void helpNamesTheOption() {
        assertThat(CliRun.of("bench", "--help").out()).contains("--flow-rounds").contains("--span-sampling")
                .contains("--observability-rounds");
    }
}
