package dev.stevedore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.spi.UniqueKey;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a {@link Unique} spec and a job into the key its unique index compares: a SHA-256 (first 128
 * bits, hex) over the kind, the queue when it counts, and the compared values. Arguments are
 * compared as canonical JSON (object keys sorted), so field order and formatting never matter.
 */
final class UniqueKeys {
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private UniqueKeys() {}

    static UniqueKey of(Unique spec, String kind, String queue, Record args, String argsJson) {
        String compared;
        if (spec.key != null) {
            compared = "key\u0000" + spec.key;
        } else if (spec.fields != null) {
            compared = "fields\u0000" + canonical(selectFields(spec.fields, args, argsJson));
        } else {
            compared = "args\u0000" + canonical(parse(argsJson));
        }
        String material = "v1\u0000" + kind + "\u0000" + (spec.byQueue ? queue : "") + "\u0000" + compared;
        return new UniqueKey(sha256(material), spec.effectiveStates(), spec.period);
    }

    /**
     * A digest of a kind and its arguments compared as canonical JSON: the identity of a job's content,
     * the same on every node and across releases that only reorder the record's components.
     */
    static String argsDigest(String kind, String argsJson) {
        return sha256("v1\u0000" + kind + "\u0000args\u0000" + canonical(parse(argsJson)));
    }

    private static JsonNode selectFields(List<String> fields, Record args, String argsJson) {
        Set<String> components = Arrays.stream(args.getClass().getRecordComponents())
                .map(RecordComponent::getName)
                .collect(Collectors.toSet());
        JsonNode all = parse(argsJson);
        ObjectNode selected = CANONICAL.createObjectNode();
        for (String field : fields) {
            if (!components.contains(field)) {
                throw new IllegalArgumentException("unique field '" + field + "' is not a component of "
                        + args.getClass().getSimpleName() + " (components: " + String.join(", ", components.stream().sorted().toList()) + ")");
            }
            selected.set(field, all.get(field));
        }
        return selected;
    }

    private static JsonNode parse(String json) {
        try {
            return CANONICAL.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("encoded arguments are not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** JSON with every object's keys sorted, at every depth. */
    static String canonical(JsonNode node) {
        try {
            Object plain = CANONICAL.treeToValue(node, Object.class);
            return CANONICAL.writeValueAsString(plain);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write canonical JSON: " + e.getOriginalMessage(), e);
        }
    }

    static String sha256(String material) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(material.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
