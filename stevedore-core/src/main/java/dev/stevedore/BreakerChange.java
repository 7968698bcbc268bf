package dev.stevedore;

import java.time.Instant;

/**
 * A circuit breaker changed status: published to {@link StevedoreBuilder#onEvent event listeners} on
 * the node whose report or probe made the change (after the store applied it), and logged there.
 *
 * @param breaker the breaker's name
 * @param from    the status before
 * @param to      the status now
 * @param at      when, by the store's clock
 * @param reason  why, in words
 */
public record BreakerChange(String breaker, BreakerState.Status from, BreakerState.Status to, Instant at, String reason)
        implements StevedoreEvent {}
