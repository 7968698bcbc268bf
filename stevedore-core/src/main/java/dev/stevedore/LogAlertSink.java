package dev.stevedore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The default alert sink: one log line per change. */
final class LogAlertSink implements AlertSink {
    static final LogAlertSink INSTANCE = new LogAlertSink();
    private static final Logger LOG = LoggerFactory.getLogger("dev.stevedore.alerts");

    private LogAlertSink() {}

    @Override
    public void send(AlertChange change) {
        Alert alert = change.alert();
        if (change.type() == AlertChange.Type.FIRED) {
            LOG.warn("alert {} fired for {}: {}", alert.rule(), alert.subject(), alert.message());
        } else {
            LOG.info("alert {} resolved for {} (fired at {}): {}", alert.rule(), alert.subject(), alert.firedAt(),
                    alert.message());
        }
    }

    @Override
    public String toString() {
        return "log";
    }
}
