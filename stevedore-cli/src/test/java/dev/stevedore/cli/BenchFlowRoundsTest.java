package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
        assertUsageErrors("--flow-rounds", CliRun.of("bench", "--flow-control", "--flow-rounds", "0", "--database", db),
                CliRun.of("bench", "--flow-control", "--flow-rounds", "51", "--database", db),
                CliRun.of("bench", "--flow-rounds", "3", "--database", db));
        assertThat(file).doesNotExist();
    }

    @Test
    void spanSamplingOrObservabilityRoundsOutOfRangeOrWithoutTheirPhaseAreUsageErrorsThatCreateNothing() {
        Path file = dir.resolve("bench.db");
        String db = "sqlite:" + file;
        assertUsageErrors("--span-sampling", CliRun.of("bench", "--observability", "--span-sampling", "0", "--database", db),
                CliRun.of("bench", "--observability", "--span-sampling", "1.5", "--database", db),
                CliRun.of("bench", "--observability=meters", "--span-sampling", "0.1", "--database", db),
                CliRun.of("bench", "--span-sampling", "0.1", "--database", db));
        assertUsageErrors("--observability-rounds",
                CliRun.of("bench", "--observability", "--observability-rounds", "0", "--database", db),
                CliRun.of("bench", "--observability-rounds", "2", "--database", db));
        assertThat(file).doesNotExist();
    }

    /** Each run is a usage error naming {@code option}, with no stack trace and nothing on standard output. */
    private static void assertUsageErrors(String option, CliRun... runs) {
        for (CliRun run : runs) {
            assertThat(run.code()).as(run.toString()).isEqualTo(Main.USAGE);
            assertThat(run.err()).as(run.toString()).contains(option).doesNotContain("\tat ").doesNotContain("Exception");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void helpNamesTheOption() {
        assertThat(CliRun.of("bench", "--help").out()).contains("--flow-rounds").contains("--span-sampling")
                .contains("--observability-rounds");
    }
}
