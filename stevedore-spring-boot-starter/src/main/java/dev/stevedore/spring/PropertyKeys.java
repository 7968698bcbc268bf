package dev.stevedore.spring;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.ResolvableType;

/**
 * Every key a properties class accepts, and the groups above them, for suggesting the nearest to an
 * unknown one. Read from the class itself, so a new property is suggested without a list to update;
 * a map's keys are {@code *} ({@code stevedore.queues.*.concurrency}).
 */
final class PropertyKeys {
    private static final String ANY = "*";

    /** Each key as its dashed segments. */
    private final List<String[]> keys;

    private PropertyKeys(List<String[]> keys) {
        this.keys = keys;
    }

    static PropertyKeys of(String prefix, Class<?> type) {
        List<String[]> keys = new ArrayList<>();
        collect(prefix, type, keys);
        return new PropertyKeys(keys);
    }

    private static void collect(String prefix, Class<?> type, List<String[]> keys) {
        for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
            if (property.getReadMethod() == null || property.getWriteMethod() == null) {
                continue;
            }
            String key = prefix + "." + DataObjectPropertyName.toDashedForm(property.getName());
            keys.add(key.split("\\."));
            Class<?> valueType = property.getPropertyType();
            if (Map.class.isAssignableFrom(valueType)) {
                key += "." + ANY;
                keys.add(key.split("\\."));
                valueType = ResolvableType.forMethodReturnType(property.getReadMethod()).asMap().resolveGeneric(1);
            }
            if (valueType != null && isGroup(valueType)) {
                collect(key, valueType, keys);
            }
        }
    }

    /** A class of nested properties: one of ours that is not a value such as an enum. */
    private static boolean isGroup(Class<?> type) {
        return !type.isEnum() && type.getPackageName().equals(PropertyKeys.class.getPackageName());
    }

    /**
     * The known key nearest to {@code name} with as many segments, by edit distance on the relaxed
     * forms (case and dashes ignored), its map keys taken from {@code name}; null when none is near.
     */
    @Nullable String nearest(ConfigurationPropertyName name) {
        String given = uniform(name, name.getNumberOfElements());
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String[] key : keys) {
            if (key.length != name.getNumberOfElements()) {
                continue;
            }
            String[] candidate = key.clone();
            for (int i = 0; i < candidate.length; i++) {
                if (candidate[i].equals(ANY)) {
                    candidate[i] = name.getElement(i, ConfigurationPropertyName.Form.ORIGINAL);
                }
            }
            int distance = distance(given, String.join(".", candidate).replace("-", "").toLowerCase(java.util.Locale.ROOT));
            if (distance < bestDistance) {
                bestDistance = distance;
                best = String.join(".", candidate);
            }
        }
        // Distance 0 is a group given a value of its own (stevedore.queues=x): no other key to suggest.
        return bestDistance > 0 && bestDistance <= Math.max(2, given.length() / 4) ? best : null;
    }

    private static String uniform(ConfigurationPropertyName name, int elements) {
        List<String> parts = new ArrayList<>(elements);
        for (int i = 0; i < elements; i++) {
            parts.add(name.getElement(i, ConfigurationPropertyName.Form.UNIFORM));
        }
        return String.join(".", parts);
    }

    /** Levenshtein distance: the fewest single-character insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
