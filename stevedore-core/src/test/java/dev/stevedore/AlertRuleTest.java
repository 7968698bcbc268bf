package dev.stevedore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.spi.UnusableStore;
import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Alert rules and sinks reject bad parameters at once, with a message naming the value and the rule. */
class AlertRuleTest {

    private static StevedoreBuilder builder() {
        return Stevedore.builder().store(new UnusableStore());
    }

    private static void rejects(Consumer<AlertRule> spec, String... message) {
        assertThatThrownBy(() -> builder().alert("r", spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll(message);
    }

    @Test
    void aRuleNeedsExactlyOneCondition() {
        rejects(a -> { }, "alert \"r\" has no condition", "successRateBelow");
        rejects(a -> a.breakerOpen().noLiveNode(), "alert \"r\" has 2 conditions (breakerOpen, noLiveNode)",
                "one rule per condition");
    }

    @Test
    void thresholdsOutOfRangeAreRejected() {
        rejects(a -> a.successRateBelow(0), "successRateBelow must be in (0, 1], was 0.0");
        rejects(a -> a.successRateBelow(1.5), "was 1.5");
        rejects(a -> a.successRateBelow(Double.NaN), "was NaN");
        rejects(a -> a.discardedAtLeast(0), "discardedAtLeast must be ≥ 1, was 0");
        rejects(a -> a.heapAbove(1000), "heapAbove must be at least 1 MiB", "was 1000");
        rejects(a -> a.rssAbove(-1), "rssAbove must be at least 1 MiB", "was -1");
        rejects(a -> a.runningLongerThan(Duration.ofMillis(500)), "runningLongerThan must be in [PT1S", "was PT0.5S");
        rejects(a -> a.latencyAbove(Duration.ZERO), "latencyAbove must be in [PT1S", "was PT0S");
        rejects(a -> a.successRateBelow(0.9).over(Duration.ofSeconds(30)), "window must be in [PT1M, PT168H], was PT30S");
        rejects(a -> a.successRateBelow(0.9).over(Duration.ofDays(8)), "was PT192H");
        rejects(a -> a.successRateBelow(0.9).minimumRuns(0), "minimumRuns must be in [1, 1000000], was 0");
        rejects(a -> a.breakerOpen().coolDown(Duration.ofSeconds(-1)), "coolDown must be in [PT0S, PT168H], was PT-1S");
        rejects(a -> a.noLiveNode().queues("bad queue!"), "bad queue!");
        rejects(a -> a.successRateBelow(0.9).kinds(" "), "kind must not be blank");
    }

    @Test
    void optionsThatTheConditionDoesNotUseAreRejectedNotIgnored() {
        rejects(a -> a.latencyAbove(Duration.ofMinutes(5)).over(Duration.ofMinutes(5)),
                "alert \"r\": over(window) does not apply to latencyAbove");
        rejects(a -> a.discardedAtLeast(1).minimumRuns(5), "minimumRuns does not apply to discardedAtLeast");
        rejects(a -> a.runningLongerThan(Duration.ofMinutes(5)).perKind(), "perKind() does not apply to runningLongerThan");
        rejects(a -> a.heapAbove(1L << 30).queues("mail"), "queues(…) does not apply to heapAbove");
        rejects(a -> a.latencyAbove(Duration.ofMinutes(5)).kinds("email.send"), "kinds(…) does not apply to latencyAbove");
        rejects(a -> a.breakerOpen().kinds("email.send"), "kinds(…) does not apply to breakerOpen");
    }

    @Test
    void aWellFormedRuleIsFrozenWithItsDefaults() {
        AlertRule rule = new AlertRule();
        rule.successRateBelow(0.95).queues("mail");

        AlertCheck check = rule.check("mail-failing");

        assertThat(check.name()).isEqualTo("mail-failing");
        assertThat(check.window()).isEqualTo(AlertRule.DEFAULT_WINDOW);
        assertThat(check.minimumRuns()).isEqualTo(AlertRule.DEFAULT_MINIMUM_RUNS);
        assertThat(check.coolDown()).isEqualTo(AlertRule.DEFAULT_COOL_DOWN);
        assertThat(check.queues()).containsExactly("mail");
        rule.queues("ai");
        assertThat(check.queues()).as("frozen").containsExactly("mail");
    }

    @Test
    void theBuilderRejectsBadNamesDuplicatesAndSettingsOutOfRange() {
        assertThatThrownBy(() -> builder().alert("", a -> a.breakerOpen()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alert");
        assertThatThrownBy(() -> builder().alert("b", a -> a.breakerOpen()).alert("b", a -> a.noLiveNode()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("alert \"b\" is declared twice");
        assertThatThrownBy(() -> builder().alertInterval(Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alertInterval must be in [PT0.05S, PT1H], was PT0.01S");
        assertThatThrownBy(() -> builder().alertRetention(Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alertRetention must be in [PT1M");
    }

    @Test
    void webhookSinksNeedAnAbsoluteHttpUrlAndATimeoutInRange() {
        assertThatThrownBy(() -> AlertSink.webhook(URI.create("ftp://hooks.example.com/x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absolute http(s) URL");
        assertThatThrownBy(() -> AlertSink.slack(URI.create("/services/T000/B000/SECRET")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absolute http(s) URL")
                .hasMessageNotContaining("SECRET");
        assertThatThrownBy(() -> AlertSink.webhook(URI.create("https://hooks.example.com/x"), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("webhook timeout must be in [PT0.001S, PT5M], was PT0S");
        assertThat(AlertSink.slack(URI.create("https://hooks.slack.com/services/T000/B000/SECRET")).toString())
                .as("a Slack webhook's path is its secret").isEqualTo("webhook https://hooks.slack.com");
    }

    @Test
    void durationsReadAsAnOperatorSaysThem() {
        assertThat(AlertCheck.words(Duration.ofSeconds(42))).isEqualTo("42 s");
        assertThat(AlertCheck.words(Duration.ofMinutes(7).plusSeconds(30))).isEqualTo("7 min");
        assertThat(AlertCheck.words(Duration.ofMinutes(185))).isEqualTo("3 h 5 min");
        assertThat(AlertCheck.words(Duration.ofHours(2))).isEqualTo("2 h");
        assertThat(AlertCheck.words(Duration.ofHours(52))).isEqualTo("2 d 4 h");
        assertThat(AlertCheck.words(Duration.ofSeconds(-5))).isEqualTo("0 s");
    }
}
