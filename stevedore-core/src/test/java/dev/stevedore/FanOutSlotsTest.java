package dev.stevedore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FanOutSlotsTest {
    private static final Instant START = Instant.parse("2026-11-23T00:00:00Z");
    private final FanOutSlots slots = new FanOutSlots(10, Duration.ofMinutes(1));

    private static String digest(int item) {
        return UniqueKeys.argsDigest("sync", "{\"account\":" + item + "}");
    }

    @Test
    void eachItemFallsInsideTheSlotOfItsPosition() {
        for (int position = 0; position < 100; position++) {
            Instant at = slots.at(START, position, digest(position));
            Instant slotStart = START.plus(Duration.ofMinutes(position / 10));
            assertThat(at).as("position %d", position).isAfterOrEqualTo(slotStart).isBefore(slotStart.plusSeconds(60));
        }
    }

    @Test
    void theTimeDependsOnlyOnStartPositionAndItemSoAResumeRepeatsIt() {
        assertThat(slots.at(START, 42, digest(7))).isEqualTo(new FanOutSlots(10, Duration.ofMinutes(1)).at(START, 42, digest(7)));
        assertThat(slots.at(START.plusSeconds(5), 42, digest(7))).isEqualTo(slots.at(START, 42, digest(7)).plusSeconds(5));
        Set<Instant> offsets = new HashSet<>();
        for (int item = 0; item < 50; item++) {
            offsets.add(slots.at(START, 0, digest(item)));
        }
        assertThat(offsets).as("different items land at different points of one slot").hasSizeGreaterThan(45);
    }

    @Test
    void theDigestIgnoresFieldOrderButNotValues() {
        assertThat(UniqueKeys.argsDigest("k", "{\"a\":1,\"b\":2}")).isEqualTo(UniqueKeys.argsDigest("k", "{\"b\":2,\"a\":1}"))
                .isNotEqualTo(UniqueKeys.argsDigest("k", "{\"a\":1,\"b\":3}"))
                .isNotEqualTo(UniqueKeys.argsDigest("other", "{\"a\":1,\"b\":2}"));
    }

    @Test
    void optionsAreCheckedWhereTheyAreSet() {
        assertThatThrownBy(() -> new FanOutOptions().perSlot(0)).hasMessageContaining("perSlot must be in [1, 1000000], was 0");
        assertThatThrownBy(() -> new FanOutOptions().pageSize(10_001)).hasMessageContaining("pageSize");
        assertThatThrownBy(() -> new FanOutOptions().slotWidth(Duration.ofNanos(10))).hasMessageContaining("slotWidth");
        assertThatThrownBy(() -> new FanOutSlots(1, Duration.ZERO)).hasMessageContaining("≥ 1 ms");
    }
}
