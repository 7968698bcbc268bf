package dev.stevedore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuilderValidationTest {
    @JobKind("mail.send")
    record SendMail(String to) {}

    record Unannotated(String x) {}

    @JobKind("bad kind!")
    record BadKind(String x) {}

    @Test
    void concurrencyMustBePositive() {
        assertThatThrownBy(() -> Stevedore.builder().queue("mail", q -> q.concurrency(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("concurrency must be in [1, 10000], was 0");
    }

    @Test
    void queueNamesAreChecked() {
        assertThatThrownBy(() -> Stevedore.builder().queue("mail; drop table"))
                .hasMessageContaining("queue name must be 1-64 letters");
        assertThatThrownBy(() -> Stevedore.builder().queue("a\u0000b"))
                .hasMessageContaining("\\u0000");
        assertThatThrownBy(() -> Stevedore.builder().queue("mail").queue("mail"))
                .hasMessageContaining("configured twice");
    }

    @Test
    void recordsNeedAStableKind() {
        assertThatThrownBy(() -> Stevedore.builder().handle(Unannotated.class, (c, a) -> {}))
                .hasMessageContaining("has no @JobKind")
                .hasMessageContaining("@JobKind(\"unannotated\")");
        assertThatThrownBy(() -> Stevedore.builder().handle(BadKind.class, (c, a) -> {}))
                .hasMessageContaining("job kind must be");
    }

    @Test
    void aKindHasOneHandler() {
        assertThatThrownBy(() -> Stevedore.builder().handle(SendMail.class, (c, a) -> {}).handle(SendMail.class, (c, a) -> {}))
                .hasMessageContaining("already registered");
    }

    @Test
    void buildNeedsAStore() {
        assertThatThrownBy(() -> Stevedore.builder().queue("mail").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no store");
    }

    @Test
    void timingsAreBounded() {
        assertThatThrownBy(() -> Stevedore.builder().heartbeat(Duration.ofSeconds(5), Duration.ofSeconds(10)))
                .hasMessageContaining("rescueAfter must be ≥ 3 heartbeat intervals");
        assertThatThrownBy(() -> Stevedore.builder().pollInterval(Duration.ZERO))
                .hasMessageContaining("pollInterval must be in");
        assertThatThrownBy(() -> Stevedore.builder().maxArgsBytes(10))
                .hasMessageContaining("maxArgsBytes must be in");
        assertThatThrownBy(() -> Stevedore.builder().gaugeRefresh(Duration.ofMillis(10)))
                .hasMessage("gaugeRefresh must be in [PT0.1S, PT10M], was PT0.01S");
        assertThatThrownBy(() -> Stevedore.builder().meterRegistry(null)).hasMessage("registry");
    }

    @Test
    void theCrashLimitIsBounded() {
        assertThatThrownBy(() -> Stevedore.builder().quarantineAfterCrashes(0, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quarantine crashes must be in [1, 1000], was 0");
        assertThatThrownBy(() -> Stevedore.builder().quarantineAfterCrashes(3, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("quarantine window must be in [PT1M, PT720H], was PT30S");
        assertThatThrownBy(() -> Stevedore.builder().quarantineAfterCrashes(3, null))
                .isInstanceOf(NullPointerException.class);
        assertThat(Stevedore.builder().quarantineAfterCrashes(1, Duration.ofMinutes(1))).isNotNull();
    }

    @Test
    void enqueueOptionsAreChecked() {
        JobOptions o = new JobOptions();
        assertThatThrownBy(() -> o.priority(1000)).hasMessageContaining("priority must be in [-100, 100], was 1000");
        assertThatThrownBy(() -> o.in(Duration.ofSeconds(-1))).hasMessageContaining("delay must be ≥ 0");
        assertThatThrownBy(() -> o.in(Duration.ofDays(100_000))).hasMessageContaining("delay must be ≤");
        assertThatThrownBy(() -> o.maxAttempts(0)).hasMessageContaining("maxAttempts must be in [1, 1000], was 0");
        assertThatThrownBy(() -> o.timeout(Duration.ZERO)).hasMessageContaining("timeout must be > 0");
    }

    @Test
    void environmentOverridesConcurrency() {
        var store = new dev.stevedore.spi.UnusableStore();
        WorkerNode node = (WorkerNode) Stevedore.builder().store(store).queue("ai-images", q -> q.concurrency(4))
                .environment(Map.of("STEVEDORE_QUEUE_AI_IMAGES_CONCURRENCY", "12")).build();
        assertThat(node.concurrencyOf("ai-images")).isEqualTo(12);
        assertThatThrownBy(() -> Stevedore.builder().store(store).queue("ai", q -> q.concurrency(4))
                .environment(Map.of("STEVEDORE_QUEUE_AI_CONCURRENCY", "lots")).build())
                .hasMessage("STEVEDORE_QUEUE_AI_CONCURRENCY must be a whole number, was \"lots\"");
        assertThatThrownBy(() -> Stevedore.builder().store(store).queue("ai", q -> q.concurrency(4))
                .environment(Map.of("STEVEDORE_QUEUE_AI_CONCURRENCY", "0")).build())
                .hasMessageContaining("must be in [1, 10000], was 0");
    }

    @Test
    void argsOverTheLimitAreRefusedAtEnqueue() {
        ArgsCodec codec = new ArgsCodec(1024);
        assertThatThrownBy(() -> codec.encode(new SendMail("x".repeat(5000))))
                .hasMessageContaining("over the limit of 1024");
        assertThatThrownBy(() -> codec.encode(new SendMail("a\u0000b")))
                .hasMessageContaining("NUL");
    }

    @Test
    void aLiteralBackslashUFollowedByZerosIsNotANul() {
        assertThat(ArgsCodec.containsNulEscape(new ArgsCodec(1 << 20).encode(new SendMail("C:\\u0000dir")))).isFalse();
        assertThat(ArgsCodec.containsNulEscape("{\"to\":\"a\\u0000\"}")).isTrue();
    }

    @Test
    void aTimeoutOfCenturiesIsAUnitMistakeNotAnOverflowAtRunTime() {
        assertThatThrownBy(() -> Stevedore.builder().defaultTimeout(Duration.ofDays(40_000)))
                .hasMessageContaining("timeout must be ≤");
        assertThatThrownBy(() -> Stevedore.builder().handle(SendMail.class, (c, a) -> {}, k -> k.timeout(Duration.ofDays(40_000))))
                .hasMessageContaining("timeout must be ≤");
    }
}
