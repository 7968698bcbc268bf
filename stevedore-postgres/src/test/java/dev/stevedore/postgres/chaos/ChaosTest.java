package dev.stevedore.postgres.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The chaos suite's short variant, in CI: three worker JVMs (one with its clock skewed) on a private
 * PostgreSQL cluster run 3,000 jobs of mixed kinds while the suite kills workers with {@code kill -9},
 * holds a transaction open, drops every connection and restarts PostgreSQL. Every figure promised to be
 * zero must be zero. The long variant is {@code bin/chaos} (docs/RELIABILITY.md, "Chaos").
 */
class ChaosTest {
    @Test
    void nothingLostNothingCompletedTwiceNoLimitExceededUnderChaos() throws Exception {
        ChaosRun run = new ChaosRun(System.getProperty("stevedore.chaos.profile", "short"),
                Path.of("target", "chaos"));
        ChaosFigures figures = run.run();
        figures.print(System.out);

        SoftAssertions softly = new SoftAssertions();
        figures.promised().forEach((name, value) -> softly.assertThat(value).as(name).isZero());
        softly.assertThat(figures.context().get("kill -9")).as("kills performed")
                .isEqualTo(Integer.toString(ChaosProfile.named(System.getProperty("stevedore.chaos.profile", "short")).kills()));
        softly.assertAll();
        assertThat(figures.allZero()).isTrue();
    }
}
