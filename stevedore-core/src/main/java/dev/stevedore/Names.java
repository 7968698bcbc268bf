package dev.stevedore;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/** Validation of names and bounded values shared by the builder and the enqueue options. */
final class Names {
    private static final Pattern QUEUE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern KIND = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    static final int MAX_ATTEMPTS_LIMIT = 1000;

    private Names() {}

    static String checkQueue(String queue) {
        Objects.requireNonNull(queue, "queue");
        if (!QUEUE.matcher(queue).matches()) {
            throw new IllegalArgumentException(
                    "queue name must be 1-64 letters, digits, '.', '_' or '-', was \"" + printable(queue) + "\"");
        }
        return queue;
    }

    /** A name of a limit, breaker or other declared thing: the queue name rules. */
    static String checkName(String what, String name) {
        Objects.requireNonNull(name, what + " name");
        if (!QUEUE.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    what + " name must be 1-64 letters, digits, '.', '_' or '-', was \"" + printable(name) + "\"");
        }
        return name;
    }

    static String checkKind(String kind) {
        Objects.requireNonNull(kind, "kind");
        if (!KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException(
                    "job kind must be 1-128 letters, digits, '.', '_' or '-', was \"" + printable(kind) + "\"");
        }
        return kind;
    }

    static String checkTag(String tag) {
        Objects.requireNonNull(tag, "tag");
        if (tag.isBlank() || tag.length() > 100 || tag.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("tag must be 1-100 characters without NUL, was \"" + printable(tag) + "\"");
        }
        return tag;
    }

    /** A free-text name or reason: 1..{@code max} characters, not blank. */
    static String checkText(String what, String value, int max) {
        if (value == null || value.isBlank() || value.length() > max) {
            throw new IllegalArgumentException(what + " must have 1.." + max + " characters and not be blank, was "
                    + (value == null ? "null" : "\"" + printable(value) + "\""));
        }
        return value;
    }

    static int checkMaxAttempts(int maxAttempts) {
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT) {
            throw new IllegalArgumentException(
                    "maxAttempts must be in [1, " + MAX_ATTEMPTS_LIMIT + "], was " + maxAttempts);
        }
        return maxAttempts;
    }

    static Duration checkTimeout(Duration timeout) {
        return checkPositive("timeout", timeout);
    }

    static Duration checkPositive(String what, Duration value) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be > 0, was " + value);
        }
        return value;
    }

    static int checkRange(String what, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be in [" + min + ", " + max + "], was " + value);
        }
        return value;
    }

    /** Shows control characters in error messages instead of printing them raw. */
    static String printable(String s) {
        StringBuilder out = new StringBuilder(Math.min(s.length(), 80));
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return s.length() > 80 ? out + "…" : out.toString();
    }
}
