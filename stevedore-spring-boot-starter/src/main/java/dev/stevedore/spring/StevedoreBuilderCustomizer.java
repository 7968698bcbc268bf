package dev.stevedore.spring;

import dev.stevedore.StevedoreBuilder;

/**
 * A bean that adds to the node's configuration what properties cannot say: limits, breakers, alert
 * rules and sinks, error classification, listeners. Customizers run in their {@code @Order}, after the
 * {@code stevedore.*} properties and the handler beans have been applied.
 *
 * <pre>{@code
 * @Bean
 * StevedoreBuilderCustomizer stripeLimit() {
 *     return b -> b.limit("stripe", l -> l.kinds(ChargeCard.class).rate(2, Duration.ofSeconds(1)));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface StevedoreBuilderCustomizer {
    /** Adds to {@code builder}; throw {@link IllegalArgumentException} for a bad setting. */
    void customize(StevedoreBuilder builder);
}
