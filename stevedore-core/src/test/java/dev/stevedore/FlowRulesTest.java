package dev.stevedore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.spi.LimitKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Declaring limits and breakers, and which jobs fall under them with which keys. */
class FlowRulesTest {
    @JobKind("stripe.charge")
    record Charge(String accountId, long cents) {}

    private static Job job(String kind, String queue, String args) {
        Instant t = Instant.parse("2026-11-23T10:00:00Z");
        return new Job(1, kind, queue, JobState.RUNNING, 0, args, 1, 3, t, t, t, "n", null, null, List.of(), Map.of(),
                List.of(), null, null, null, null, null, null, null);
    }

    private static FlowRules rules(String name, java.util.function.Consumer<Limit> spec) {
        Limit limit = new Limit();
        spec.accept(limit);
        return FlowRules.of(Map.of(name, limit), Map.of());
    }

    @Test
    void aPerKeyLimitKeysByTheNamedArgsFields() {
        FlowRules rules = rules("stripe", l -> l.kinds(Charge.class).byArgs("accountId").rate(2, Duration.ofSeconds(1)));

        List<LimitKey> keys = rules.limitsOf(job("stripe.charge", "billing", "{\"accountId\":\"acct_1\",\"cents\":5}"));

        assertThat(keys).containsExactly(new LimitKey("stripe:acct_1", 0, 2, Duration.ofSeconds(1)));
        assertThat(rules.limitsOf(job("stripe.charge", "billing", "{\"cents\":5}")))
                .extracting(LimitKey::key).containsExactly("stripe:null");
        assertThat(rules.appliesTo(job("mail.send", "billing", "{}"))).isFalse();
    }

    @Test
    void aQueueLimitIsOneBudgetAndLongKeysAreHashed() {
        FlowRules queueWide = rules("ai", l -> l.queue("ai").concurrency(8));
        assertThat(queueWide.limitsOf(job("any.kind", "ai", "{}"))).extracting(LimitKey::key).containsExactly("ai");
        assertThat(queueWide.appliesTo(job("any.kind", "other", "{}"))).isFalse();

        FlowRules perTenant = rules("t", l -> l.queue("q").byArgs("tenant").concurrency(1));
        String key = perTenant.limitsOf(job("k", "q", "{\"tenant\":\"" + "x".repeat(500) + "\"}")).get(0).key();
        assertThat(key).startsWith("t:#").hasSizeLessThan(FlowRules.MAX_READABLE_KEY);
    }

    @Test
    void limitsAndBreakersSayWhatIsMissing() {
        assertThatThrownBy(() -> Stevedore.builder().limit("x", l -> l.concurrency(1)))
                .hasMessageContaining("applies to nothing");
        assertThatThrownBy(() -> Stevedore.builder().limit("x", l -> l.queue("q")))
                .hasMessageContaining("sets no bound");
        assertThatThrownBy(() -> Stevedore.builder().limit("x", l -> l.queue("q").rate(5, Duration.ofMillis(1))))
                .hasMessageContaining("at least 10 ms");
        assertThatThrownBy(() -> Stevedore.builder().limit("bad name", l -> l.queue("q").concurrency(1)))
                .hasMessageContaining("limit name must be");
        assertThatThrownBy(() -> Stevedore.builder().limit("x", l -> l.queue("q").concurrency(1))
                .limit("x", l -> l.queue("q").concurrency(2))).hasMessageContaining("declared twice");
        assertThatThrownBy(() -> Stevedore.builder().breaker("b", b -> b.queue("q")))
                .hasMessageContaining("never opens");
        assertThatThrownBy(() -> Stevedore.builder().breaker("b", b -> b.queue("q").openAtFailureRate(1.5, 10)))
                .hasMessageContaining("(0, 1]");
    }

    @Test
    void aBreakerCountsOnlyItsCategories() {
        Breaker breaker = new Breaker();
        breaker.kinds(Charge.class).openAfter(3, Duration.ofMinutes(1)).countErrors(ErrorCategory.TIMEOUT);
        FlowRules rules = FlowRules.of(Map.of(), Map.of("stripe", breaker));
        assertThat(rules.breakersOf(job("stripe.charge", "q", "{}"))).singleElement()
                .satisfies(b -> assertThat(b.counted()).containsExactly(ErrorCategory.TIMEOUT));
        assertThat(rules.breakersOf(job("mail.send", "q", "{}"))).isEmpty();
    }
}
