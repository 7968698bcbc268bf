package dev.stevedore;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One alert: a rule's condition held for one subject from {@code firedAt} until {@code resolvedAt}. At
 * most one alert per rule and subject is active at a time, across all nodes. See docs/alerts.md.
 *
 * @param id         the alert's id, increasing
 * @param rule       the rule's name, as declared with {@link StevedoreBuilder#alert}
 * @param subject    what it is about: a queue, a kind, a node, a breaker, an issue id or a job id
 *                   depending on the rule
 * @param message    what was wrong when it fired, in words
 * @param firedAt    when it fired, by the store's clock
 * @param resolvedAt when its condition cleared, or null while it is active
 */
public record Alert(long id, String rule, String subject, String message, Instant firedAt, @Nullable Instant resolvedAt) {

    /** Whether the alert's condition still holds (it has not resolved). */
    public boolean active() {
        return resolvedAt == null;
    }
}
