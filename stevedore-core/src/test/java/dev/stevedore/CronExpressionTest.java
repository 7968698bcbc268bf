package dev.stevedore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CronExpressionTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void fiveFieldsAreCrontabAndSixPutSecondsFirst() {
        Instant after = Instant.parse("2026-11-23T10:15:30Z");
        assertThat(CronExpression.parse("*/15 * * * *").next(after, ZoneOffset.UTC)).contains(Instant.parse("2026-11-23T10:30:00Z"));
        assertThat(CronExpression.parse("*/10 * * * * *").next(after, ZoneOffset.UTC)).contains(Instant.parse("2026-11-23T10:15:40Z"));
        assertThat(CronExpression.parse("@daily").next(after, ZoneOffset.UTC)).contains(Instant.parse("2026-11-24T00:00:00Z"));
        assertThat(CronExpression.parse("* * * * * *").next(after.plusMillis(500), ZoneOffset.UTC))
                .as("a fraction of a second never leaks into a tick").contains(Instant.parse("2026-11-23T10:15:31Z"));
    }

    @Test
    void fieldsAreReadInTheScheduleZoneAcrossDaylightSaving() {
        CronExpression nine = CronExpression.parse("0 9 * * *");
        assertThat(nine.next(Instant.parse("2026-07-01T00:00:00Z"), PARIS)).contains(Instant.parse("2026-07-01T07:00:00Z"));
        assertThat(nine.next(Instant.parse("2026-12-01T00:00:00Z"), PARIS)).contains(Instant.parse("2026-12-01T08:00:00Z"));
    }

    @Test
    void latestTicksWalkBackFromTheEndAndIncludeATickAtTheEnd() {
        CronExpression yearly = CronExpression.parse("0 0 1 1 *");
        assertThat(yearly.latestTicks(Instant.parse("2020-06-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"),
                ZoneOffset.UTC, 3)).containsExactly(Instant.parse("2024-01-01T00:00:00Z"),
                Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(yearly.latestTicks(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-06-01T00:00:00Z"),
                ZoneOffset.UTC, 3)).as("a tick equal to 'after' was handled already").isEmpty();
        CronExpression everySecond = CronExpression.parse("* * * * * *");
        assertThat(everySecond.latestTicks(Instant.EPOCH, Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC, 2))
                .as("years of missed ticks cost two steps").hasSize(2);
    }

    @Test
    void ticksBetweenIncludeTheStartExcludeTheEndAndStopAtTheCap() {
        CronExpression yearly = CronExpression.parse("0 0 1 1 *");
        assertThat(yearly.ticksBetween(Instant.parse("2022-01-01T00:00:00Z"), Instant.parse("2024-01-01T00:00:00Z"),
                ZoneOffset.UTC, 10)).containsExactly(Instant.parse("2022-01-01T00:00:00Z"), Instant.parse("2023-01-01T00:00:00Z"));
        CronExpression everySecond = CronExpression.parse("* * * * * *");
        assertThat(everySecond.ticksBetween(Instant.parse("2026-01-01T00:00:00.500Z"), Instant.parse("2026-01-01T00:00:03Z"),
                ZoneOffset.UTC, 10)).as("a start inside a second begins at the next whole one")
                .containsExactly(Instant.parse("2026-01-01T00:00:01Z"), Instant.parse("2026-01-01T00:00:02Z"));
        assertThat(everySecond.ticksBetween(Instant.EPOCH, Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC, 1001))
                .as("decades of seconds cost the cap, not a walk through all of them").hasSize(1001);
        assertThat(CronExpression.parse("0 9 * * *").ticksBetween(Instant.parse("2026-03-28T00:00:00Z"),
                Instant.parse("2026-03-30T00:00:00Z"), PARIS, 10)).as("09:00 Paris on both sides of the clock change")
                .containsExactly(Instant.parse("2026-03-28T08:00:00Z"), Instant.parse("2026-03-29T07:00:00Z"));
    }

    @Test
    void invalidExpressionsAreRefusedSayingWhy() {
        assertThatThrownBy(() -> CronExpression.parse("")).hasMessageContaining("must not be blank");
        assertThatThrownBy(() -> CronExpression.parse("* * *")).hasMessageContaining("expected 5 fields").hasMessageContaining("found 3");
        assertThatThrownBy(() -> CronExpression.parse("61 * * * *")).hasMessageContaining("invalid cron expression '61 * * * *'");
        assertThatThrownBy(() -> CronExpression.parse("* * * * * * * *")).hasMessageContaining("found 8");
        assertThatThrownBy(() -> Stevedore.builder().cron("x", "0 25 * * *", new UniqueKeysTest.Sync(1, "a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid cron expression");
        assertThatThrownBy(() -> Stevedore.builder().cron("x", "@daily", new UniqueKeysTest.Sync(1, "a"))
                .cron("x", "@hourly", new UniqueKeysTest.Sync(1, "a"))).hasMessageContaining("declared twice");
        assertThatThrownBy(() -> CatchUp.all(0)).hasMessageContaining("[1, 1000]");
        assertThatThrownBy(() -> Stevedore.builder().cron("x", "@daily", new UniqueKeysTest.Sync(1, "a"),
                c -> c.pauseAfterFailures(0))).hasMessageContaining("pauseAfterFailures must be in [1, 1000], was 0");
        assertThatThrownBy(() -> Stevedore.builder().cron(" ", "@daily", new UniqueKeysTest.Sync(1, "a")))
                .hasMessageContaining("cron schedule name must have 1..200 characters");
    }
}
