package dev.stevedore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.spi.UniqueKey;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class UniqueKeysTest {
    record Sync(long account, String reason) {}

    private static UniqueKey key(Unique spec, String queue, Sync args, String json) {
        return UniqueKeys.of(spec, "sync", queue, args, json);
    }

    @Test
    void argumentsCompareAsCanonicalJsonSoFieldOrderAndSpacingDoNotMatter() {
        Sync args = new Sync(1, "a");
        assertThat(key(new Unique(), "q", args, "{\"account\":1,\"reason\":\"a\"}").key())
                .isEqualTo(key(new Unique(), "q", args, "{ \"reason\": \"a\", \"account\": 1 }").key())
                .isNotEqualTo(key(new Unique(), "q", args, "{\"account\":2,\"reason\":\"a\"}").key());
    }

    @Test
    void theQueueCountsOnlyWhenAskedAndTheKindAlways() {
        String json = "{\"account\":1,\"reason\":\"a\"}";
        Sync args = new Sync(1, "a");
        assertThat(key(new Unique(), "q1", args, json).key()).isEqualTo(key(new Unique(), "q2", args, json).key());
        assertThat(key(new Unique().byQueue(), "q1", args, json).key())
                .isNotEqualTo(key(new Unique().byQueue(), "q2", args, json).key());
        assertThat(UniqueKeys.of(new Unique(), "other", "q1", args, json).key())
                .isNotEqualTo(key(new Unique(), "q1", args, json).key());
    }

    @Test
    void periodAddsCompletedToTheDefaultStatesAndBucketsByWholePeriods() {
        UniqueKey plain = key(new Unique(), "q", new Sync(1, "a"), "{}");
        assertThat(plain.states()).isEqualTo(Unique.UNFINISHED);
        assertThat(plain.storedKey(7200)).isEqualTo(plain.key());
        assertThat(plain.statesColumn()).isEqualTo(",scheduled,available,running,retryable,held,");

        UniqueKey hourly = key(new Unique().period(Duration.ofHours(1)), "q", new Sync(1, "a"), "{}");
        assertThat(hourly.states()).contains(JobState.COMPLETED).containsAll(Unique.UNFINISHED);
        assertThat(hourly.storedKey(3600)).isEqualTo(hourly.key() + ":1");
        assertThat(hourly.storedKey(7199)).isEqualTo(hourly.key() + ":1");
        assertThat(hourly.storedKey(7200)).isEqualTo(hourly.key() + ":2");
    }

    @Test
    void badSpecsFailAtOnceNamingTheProblem() {
        assertThatThrownBy(() -> new Unique().states(JobState.AVAILABLE, JobState.RUNNING))
                .hasMessageContaining("must include every unfinished state").hasMessageContaining("SCHEDULED");
        assertThatThrownBy(() -> new Unique().period(Duration.ofMillis(1500))).hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> new Unique().period(Duration.ZERO)).hasMessageContaining("PT0S");
        assertThatThrownBy(() -> new Unique().byKey("")).hasMessageContaining("1..1000");
        assertThatThrownBy(() -> new Unique().byArgs(new String[0])).hasMessageContaining("at least one field");
        assertThat(new Unique().states(EnumSet.allOf(JobState.class).toArray(JobState[]::new)).effectiveStates())
                .hasSize(JobState.values().length);
    }
}
