package dev.stevedore.spi.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.AttemptError;
import dev.stevedore.spi.BatchCallback;
import dev.stevedore.spi.DeclaredCallback;
import dev.stevedore.spi.NewJob;
import dev.stevedore.spi.QueueSettings;
import dev.stevedore.spi.StoreException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON for the columns every store keeps as JSON text: attempt errors, tags and metadata. For store
 * authors, so both engines write the same shapes.
 */
public final class StoreJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final TypeReference<List<AttemptError>> ERRORS = new TypeReference<>() {};
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
    private static final TypeReference<List<Long>> LONGS = new TypeReference<>() {};

    private StoreJson() {}

    /** One attempt error as a JSON object. */
    public static String error(AttemptError error) {
        return write(error);
    }

    /** A JSON array of attempt errors; null or blank reads as empty. */
    public static List<AttemptError> errors(String json) {
        return json == null || json.isBlank() ? List.of() : read(json, ERRORS);
    }

    /** A JSON array of strings. The empty list, which almost every job has, skips the encoder. */
    public static String strings(List<String> values) {
        return values.isEmpty() ? "[]" : write(values);
    }

    /** A JSON array of strings; null, blank or {@code []} reads as empty without the parser. */
    public static List<String> strings(String json) {
        return json == null || json.isBlank() || "[]".equals(json) ? List.of() : read(json, STRINGS);
    }

    /** A JSON object of string values. The empty map, which almost every job has, skips the encoder. */
    public static String stringMap(Map<String, String> values) {
        return values.isEmpty() ? "{}" : write(values);
    }

    /** A JSON object of string values; null, blank or <code>{}</code> reads as empty without the parser. */
    public static Map<String, String> stringMap(String json) {
        return json == null || json.isBlank() || "{}".equals(json) ? Map.of() : read(json, STRING_MAP);
    }

    /**
     * Rows of scalars (strings, numbers, booleans, nulls) as a JSON array of arrays: one parameter that
     * carries a whole batch into a single statement, for engines without array parameters.
     */
    /** A JSON array of numbers, for {@code json_each}. */
    public static String longs(List<Long> values) {
        return write(values);
    }

    /** A JSON array of numbers; null or blank reads as empty. */
    public static List<Long> longs(String json) {
        return json == null || json.isBlank() ? List.of() : read(json, LONGS);
    }

    public static String rows(List<? extends List<?>> rows) {
        return write(rows);
    }

    /**
     * A batch's callbacks as stores keep them in {@code batches.callbacks}: an array of objects with
     * {@code event}, {@code kind}, {@code queue}, {@code args} (the JSON text as a string, so numbers
     * keep every digit), {@code priority}, {@code maxAttempts}, {@code timeoutMs} (or null), {@code tags}
     * and {@code metadata}.
     */
    public static String callbacks(List<BatchCallback> callbacks) {
        ArrayNode out = MAPPER.createArrayNode();
        for (BatchCallback callback : callbacks) {
            NewJob job = callback.job();
            ObjectNode node = out.addObject();
            node.put("event", callback.event().dbName());
            node.put("kind", job.kind());
            node.put("queue", job.queue());
            node.put("args", job.args());
            node.put("priority", job.priority());
            node.put("maxAttempts", job.maxAttempts());
            node.put("timeoutMs", job.timeout() == null ? null : job.timeout().toMillis());
            node.set("tags", MAPPER.valueToTree(job.tags()));
            node.set("metadata", MAPPER.valueToTree(job.metadata()));
        }
        return write(out);
    }

    /** Reads the event, kind and queue of each callback written by {@link #callbacks(List)}; null or blank reads as none. */
    public static List<DeclaredCallback> declaredCallbacks(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        List<DeclaredCallback> out = new java.util.ArrayList<>();
        for (JsonNode node : read(json, new TypeReference<List<JsonNode>>() {})) {
            out.add(new DeclaredCallback(BatchCallback.Event.valueOf(node.path("event").asText().toUpperCase(java.util.Locale.ROOT)),
                    node.path("kind").asText(), node.path("queue").asText()));
        }
        return List.copyOf(out);
    }

    /**
     * A node's queue settings as stores keep them in {@code nodes.queue_settings}: an object of queue
     * name to <code>{"concurrency": n, "latencyTargetMs": ms}</code>.
     */
    public static String queueSettings(Map<String, QueueSettings> settings) {
        ObjectNode out = MAPPER.createObjectNode();
        settings.forEach((queue, s) -> out.putObject(queue).put("concurrency", s.concurrency())
                .put("latencyTargetMs", s.latencyTarget().toMillis()));
        return write(out);
    }

    /** Reads {@link #queueSettings(Map)}; entries without a positive concurrency and target are skipped. */
    public static Map<String, QueueSettings> queueSettings(String json) {
        if (json == null || json.isBlank() || "{}".equals(json)) {
            return Map.of();
        }
        Map<String, QueueSettings> out = new LinkedHashMap<>();
        read(json, new TypeReference<Map<String, JsonNode>>() {}).forEach((queue, node) -> {
            int concurrency = node == null ? 0 : node.path("concurrency").asInt();
            long target = node == null ? 0 : node.path("latencyTargetMs").asLong();
            if (queue != null && concurrency > 0 && target > 0) {
                out.put(queue, new QueueSettings(concurrency, Duration.ofMillis(target)));
            }
        });
        return out;
    }

    private static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot encode " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("stored JSON is malformed: " + e.getOriginalMessage(), e);
        }
    }
}
