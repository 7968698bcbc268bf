package dev.stevedore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/** The bodies the webhook sinks post: the generic JSON object and Slack's {@code {"text": …}}. */
final class AlertPayload {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertPayload() {}

    /** Every field of the change, for a receiver that routes on them. */
    static String json(AlertChange change) {
        Alert alert = change.alert();
        ObjectNode body = JSON.createObjectNode()
                .put("event", change.type() == AlertChange.Type.FIRED ? "fired" : "resolved")
                .put("rule", alert.rule())
                .put("subject", alert.subject())
                .put("message", alert.message())
                .put("alertId", alert.id())
                .put("firedAt", alert.firedAt().toString());
        body.put("resolvedAt", alert.resolvedAt() == null ? null : alert.resolvedAt().toString());
        return write(body);
    }

    /** One line of text a chat shows as it is. */
    static String slack(AlertChange change) {
        Alert alert = change.alert();
        String text = change.type() == AlertChange.Type.FIRED
                ? ":rotating_light: Stevedore alert *" + alert.rule() + "* fired for " + alert.subject() + ": " + alert.message()
                : ":white_check_mark: Stevedore alert *" + alert.rule() + "* resolved for " + alert.subject()
                  + " (fired at " + alert.firedAt() + "): " + alert.message();
        return write(JSON.createObjectNode().put("text", text));
    }

    private static String write(ObjectNode body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
