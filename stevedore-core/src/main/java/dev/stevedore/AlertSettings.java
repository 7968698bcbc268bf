package dev.stevedore;

import java.time.Duration;
import java.util.List;

/**
 * The alert rules a node evaluates while it leads, and where it sends their changes (see
 * docs/alerts.md).
 *
 * @param rules     the declared rules, checked; none means the leader runs no alert loop
 * @param sinks     where changes go; default {@link AlertSink#log()}
 * @param interval  how often the leader evaluates; default {@link #DEFAULT_INTERVAL}
 * @param retention resolved alerts older than this are pruned; default {@link #DEFAULT_RETENTION}
 */
record AlertSettings(List<AlertCheck> rules, List<AlertSink> sinks, Duration interval, Duration retention) {
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(20);
    static final Duration MIN_INTERVAL = Duration.ofMillis(50);
    static final Duration MAX_INTERVAL = Duration.ofHours(1);
    static final Duration DEFAULT_RETENTION = Duration.ofDays(90);
    static final AlertSettings NONE = new AlertSettings(List.of(), List.of(AlertSink.log()), DEFAULT_INTERVAL,
            DEFAULT_RETENTION);

    AlertSettings {
        rules = List.copyOf(rules);
        sinks = List.copyOf(sinks);
    }
}
