package dev.stevedore.postgres;

import dev.stevedore.spi.NewJob;
import java.util.List;
import java.util.Map;

/**
 * Rejects new jobs PostgreSQL cannot store, before anything is sent, naming the job's position.
 *
 * <p>{@code text} and {@code jsonb} cannot hold the character U+0000: neither as a raw NUL nor, in
 * {@code jsonb}, as the JSON escape {@code \u0000}. The server would reject the whole batch with an
 * encoding error that names no job; this says which one and where.
 */
final class JobValidation {
    private JobValidation() {}

    static void check(List<NewJob> jobs) {
        for (int i = 0; i < jobs.size(); i++) {
            NewJob job = jobs.get(i);
            noNul(i, "kind", job.kind());
            noNul(i, "queue", job.queue());
            noNul(i, "args", job.args());
            if (hasEscapedNul(job.args())) {
                throw new IllegalArgumentException("job " + i + " (" + job.kind() + "): args contain the JSON "
                        + "escape \\u0000, which PostgreSQL jsonb cannot store");
            }
            for (String tag : job.tags()) {
                noNul(i, "tag", tag);
            }
            for (Map.Entry<String, String> entry : job.metadata().entrySet()) {
                noNul(i, "metadata key", entry.getKey());
                noNul(i, "metadata value", entry.getValue());
            }
        }
    }

    private static void noNul(int index, String field, String value) {
        if (value != null && value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("job " + index + ": " + field + " contains the NUL character "
                    + "(U+0000), which PostgreSQL text and jsonb cannot store");
        }
    }

    /** Whether a JSON text contains the escape {@code \u0000} (not merely an escaped backslash before it). */
    static boolean hasEscapedNul(String json) {
        for (int i = json.indexOf('\\'); i >= 0 && i < json.length(); i = json.indexOf('\\', i)) {
            if (json.startsWith("u0000", i + 1)) {
                return true;
            }
            i += 2; // skip the escaped character, so "\\u0000" (a backslash, then text) is not a match
        }
        return false;
    }
}
