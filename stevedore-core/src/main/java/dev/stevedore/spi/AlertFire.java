package dev.stevedore.spi;

import java.time.Duration;

/**
 * A request to fire an alert, as the leader's evaluator sends it to {@link Store#alertFire}. SPI record.
 *
 * @param rule     the rule's name
 * @param subject  what the alert is about (a queue, a node, …)
 * @param message  what is wrong, in words
 * @param coolDown the alert does not fire if the same rule and subject had an alert that resolved less
 *                 than this long ago (by the store's clock); zero for no cool-down
 */
public record AlertFire(String rule, String subject, String message, Duration coolDown) {
    public AlertFire {
        if (coolDown.isNegative()) {
            throw new IllegalArgumentException("coolDown must be ≥ 0, was " + coolDown);
        }
    }
}
