package dev.stevedore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Groups failures into issues: the same kind, exception type, normalised message and top application
 * frames give the same fingerprint on every node and after every redeploy. Pure functions.
 */
final class Fingerprint {
    /** How many application frames identify the place a failure comes from. */
    static final int FRAMES = 3;

    /**
     * Frames of the JDK, the runtime and common infrastructure: they say how the failure travelled, not
     * where the application's code went wrong. Stevedore's own API types a handler uses (Outcome,
     * Subprocess) are runtime too; other {@code dev.stevedore.*} packages (examples, tests) are not.
     */
    private static final List<String> INFRASTRUCTURE = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.",
            "dev.stevedore.spi.", "dev.stevedore.postgres.", "dev.stevedore.sqlite.", "dev.stevedore.cli.",
            "org.postgresql.", "org.sqlite.", "com.zaxxer.", "org.slf4j.", "ch.qos.logback.",
            "org.apache.logging.", "com.fasterxml.jackson.", "org.junit.", "org.springframework.aop.",
            "org.springframework.cglib.", "kotlin.", "kotlinx.coroutines.", "scala.", "io.netty.", "okhttp3.",
            "org.apache.http.", "org.hibernate.", "reactor.core.");

    private static final Pattern FRAME = Pattern.compile("^\\s*at\\s+(?:[\\w.$-]+/)*([\\w.$<>]+)\\(.*\\)\\s*$");
    /** A class of the runtime's own package ({@code dev.stevedore.JobRunner}); its sub-packages are listed above. */
    private static final Pattern RUNTIME_CLASS = Pattern.compile("dev\\.stevedore\\.[A-Z]");
    /** A lambda's or synthetic accessor's number changes with unrelated edits of its class. */
    private static final Pattern SYNTHETIC_NUMBER = Pattern.compile("\\$\\d+");

    private static final List<Replacement> NORMALISATIONS = List.of(
            new Replacement("\\b[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+\\b", "<email>"),
            new Replacement("\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s'\"<>,;)]+", "<url>"),
            new Replacement("\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b", "<uuid>"),
            new Replacement("\"[^\"]*\"|'[^']*'|`[^`]*`", "<str>"),
            new Replacement("\\b0[xX][0-9a-fA-F]+\\b", "<hex>"),
            new Replacement("\\b(?=[0-9a-fA-F]*[0-9])(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\\b", "<hex>"),
            new Replacement("\\b\\d+(?:[.:,]\\d+)*(?!\\d)", "<num>"));

    private record Replacement(Pattern pattern, String placeholder) {
        Replacement(String regex, String placeholder) {
            this(Pattern.compile(regex), placeholder);
        }

        String apply(String text) {
            return pattern.matcher(text).replaceAll(Matcher.quoteReplacement(placeholder));
        }
    }

    private Fingerprint() {}

    /** The issue id of a failure: 16 hex characters of a SHA-256 over the four parts. */
    static String of(String kind, String errorClass, String message, String stack) {
        String key = String.join("\n", kind, errorClass, normalise(message), String.join("|", applicationFrames(stack)));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * The message with what varies between occurrences of one bug replaced by placeholders: e-mail
     * addresses, URLs, UUIDs, quoted strings, hex ids and numbers; blank runs collapsed.
     */
    static String normalise(String message) {
        String text = message == null ? "" : message;
        for (Replacement replacement : NORMALISATIONS) {
            text = replacement.apply(text);
        }
        return text.strip().replaceAll("\\s+", " ");
    }

    /**
     * The first {@link #FRAMES} frames of application code in a printed stack trace, without line
     * numbers or file names ({@code com.acme.Mailer.send}), from the thrown exception first and then
     * each cause in turn: an exception wrapped by infrastructure code keeps the application frames of
     * its cause.
     */
    static List<String> applicationFrames(String stack) {
        List<String> frames = new ArrayList<>();
        if (stack == null) {
            return frames;
        }
        for (String line : stack.split("\\R")) {
            Matcher frame = FRAME.matcher(line);
            if (frame.matches() && isApplication(frame.group(1))) {
                frames.add(SYNTHETIC_NUMBER.matcher(frame.group(1)).replaceAll(Matcher.quoteReplacement("$N")));
                if (frames.size() == FRAMES) {
                    break;
                }
            }
        }
        return frames;
    }

    private static boolean isApplication(String method) {
        if (RUNTIME_CLASS.matcher(method).lookingAt()) {
            return false;
        }
        for (String prefix : INFRASTRUCTURE) {
            if (method.startsWith(prefix)) {
                return false;
            }
        }
        return true;
    }
}
