package dev.stevedore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Replaces configured fields of a job's JSON arguments by {@value #MARK} before a failure is stored.
 * A name without dots ({@code "password"}) matches that field at any depth; a dotted path
 * ({@code "card.number"}) matches from the top, through arrays. Pure.
 */
final class Redaction {
    static final String MARK = "[redacted]";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PATH = Pattern.compile("[^.\\s]+(\\.[^.\\s]+)*");

    private final List<String> anywhere = new ArrayList<>();
    private final List<List<String>> paths = new ArrayList<>();

    Redaction(List<String> fields) {
        for (String field : fields) {
            if (field == null || !PATH.matcher(field).matches()) {
                throw new IllegalArgumentException("a redacted field must be a name or a dotted path such as "
                        + "\"card.number\", was " + (field == null ? "null" : "\"" + Names.printable(field) + "\""));
            }
            if (field.contains(".")) {
                paths.add(List.of(field.split("\\.")));
            } else {
                anywhere.add(field);
            }
        }
    }

    boolean isEmpty() {
        return anywhere.isEmpty() && paths.isEmpty();
    }

    /** {@code args} with the configured fields redacted; arguments that are not JSON are withheld whole. */
    String apply(String args) {
        if (isEmpty()) {
            return args;
        }
        try {
            JsonNode root = JSON.readTree(args);
            redactAnywhere(root);
            for (List<String> path : paths) {
                redactPath(root, path, 0);
            }
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException | RuntimeException e) {
            return "\"" + MARK + "\"";
        }
    }

    private void redactAnywhere(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (anywhere.contains(field.getKey())) {
                    field.setValue(TextNode.valueOf(MARK));
                } else {
                    redactAnywhere(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(this::redactAnywhere);
        }
    }

    private static void redactPath(JsonNode node, List<String> path, int depth) {
        if (node instanceof ArrayNode array) {
            array.forEach(element -> redactPath(element, path, depth));
        } else if (node instanceof ObjectNode object && object.has(path.get(depth))) {
            if (depth == path.size() - 1) {
                object.set(path.get(depth), TextNode.valueOf(MARK));
            } else {
                redactPath(object.get(path.get(depth)), path, depth + 1);
            }
        }
    }
}
