package dev.stevedore;

import java.net.URI;
import java.time.Duration;

/**
 * Where the leader sends alerts when they fire and resolve: configured with
 * {@link StevedoreBuilder#alertSink}. Without one, alerts go to the log ({@link #log()}).
 *
 * <p>A sink is called on the leader's alert thread, once per change, after the change is stored. A
 * sink that throws or times out is logged and does not stop the other sinks; the alert stays stored
 * either way ({@link Stevedore#alerts}). Delivery is at most once: see docs/alerts.md.
 */
@FunctionalInterface
public interface AlertSink {
    /** Default timeout of the webhook sinks: 5 seconds. */
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    /** Delivers one change; throws if it could not (the caller logs it). */
    void send(AlertChange change) throws Exception;

    /** Logs a fired alert as a warning and a resolved one as info, under the logger {@code dev.stevedore.alerts}. */
    static AlertSink log() {
        return LogAlertSink.INSTANCE;
    }

    /**
     * POSTs each change as a JSON object to {@code url} ({@code event}, {@code rule}, {@code subject},
     * {@code message}, {@code alertId}, {@code firedAt}, {@code resolvedAt}: see docs/alerts.md), within
     * {@code timeout} (1 ms..5 min) for connecting and for the response. A response other than 2xx is
     * a failure.
     */
    static AlertSink webhook(URI url, Duration timeout) {
        return new WebhookAlertSink(url, timeout, AlertPayload::json);
    }

    /** {@link #webhook(URI, Duration)} with the {@linkplain #DEFAULT_TIMEOUT default timeout}. */
    static AlertSink webhook(URI url) {
        return webhook(url, DEFAULT_TIMEOUT);
    }

    /**
     * POSTs each change as {@code {"text": "…"}} to a Slack incoming webhook (or anything that accepts
     * that shape: Mattermost, Rocket.Chat, Discord's {@code /slack} endpoint), within {@code timeout}.
     */
    static AlertSink slack(URI url, Duration timeout) {
        return new WebhookAlertSink(url, timeout, AlertPayload::slack);
    }

    /** {@link #slack(URI, Duration)} with the {@linkplain #DEFAULT_TIMEOUT default timeout}. */
    static AlertSink slack(URI url) {
        return slack(url, DEFAULT_TIMEOUT);
    }
}
