package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void parsesShortFormsAndIso() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(Durations.parse("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("pt2s")).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void refusesEverythingElse() {
        for (String bad : new String[] {"", "30", "s", "-5s", "1.5s", "3 weeks", "P"}) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad).hasMessageContaining("is not a duration");
        }
    }

    @Test
    void formatsForPeople() {
        assertThat(Durations.format(Duration.ofMillis(850))).isEqualTo("850ms");
        assertThat(Durations.format(Duration.ofMillis(4230))).isEqualTo("4.2s");
        assertThat(Durations.format(Duration.ofSeconds(185))).isEqualTo("3m05s");
        assertThat(Durations.format(Duration.ofMinutes(130))).isEqualTo("2h10m");
        assertThat(Durations.format(Duration.ofHours(76))).isEqualTo("3d4h");
    }
}
