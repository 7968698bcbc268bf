package dev.stevedore.tck;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * One case of the bad-input corpus: a {@code .properties} file under {@code badinput/} (listed in
 * {@code badinput/index.txt}), read with Java's properties escapes, so {@code \u0000} is a NUL.
 *
 * <ul>
 *   <li>{@code via}: {@code enqueue} (through a node: {@code text}, {@code text.repeat}, {@code queue},
 *       {@code delay}, {@code runAt}, {@code tag}, {@code priority}, {@code maxArgsBytes}),
 *       {@code insert} (straight into {@code Store.jobInsertMany}, as another language would: {@code kind},
 *       {@code args}, with {@code {nesting}} replaced by {@code nesting} levels of arrays),
 *       {@code build} (a node declaring {@code cron}) or {@code search} (a job with {@code text}, then
 *       a job filter on {@code contains}, {@code queue} or {@code tag})</li>
 *   <li>{@code expect}: {@code refused}, {@code discarded}, {@code held}, {@code completed},
 *       {@code refused-or-discarded} / {@code refused-or-completed} (the stores differ: both are
 *       clear, neither loses the job), {@code found} or {@code nothing}</li>
 *   <li>{@code error}: text the refusal or the job's last error contains ({@code |} separates
 *       alternatives); {@code exception}: the refusal's simple class name</li>
 * </ul>
 */
record BadInputCase(String name, Properties values) {
    static final String DIRECTORY = "/badinput/";

    /** Every case listed in the index, in its order. */
    static List<BadInputCase> all() {
        List<BadInputCase> cases = new ArrayList<>();
        for (String file : read("index.txt").split("\n")) {
            if (!file.isBlank()) {
                Properties values = new Properties();
                try {
                    values.load(new java.io.StringReader(read(file.strip())));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                cases.add(new BadInputCase(file.strip().replace(".properties", ""), values));
            }
        }
        return cases;
    }

    private static String read(String file) {
        try (InputStream in = BadInputCase.class.getResourceAsStream(DIRECTORY + file)) {
            if (in == null) {
                throw new IllegalStateException("corpus file " + DIRECTORY + file + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String description() {
        return get("description");
    }

    String via() {
        return get("via");
    }

    String expect() {
        return get("expect");
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    String get(String key) {
        String value = values.getProperty(key);
        if (value == null) {
            throw new IllegalStateException(name + " has no " + key);
        }
        return value;
    }

    String get(String key, String otherwise) {
        return values.getProperty(key, otherwise);
    }

    int integer(String key) {
        return Integer.parseInt(get(key));
    }

    /** The argument text, repeated {@code text.repeat} times when given. */
    String text() {
        return has("text.repeat") ? get("text").repeat(integer("text.repeat")) : get("text");
    }

    /** The raw JSON arguments, with {@code {nesting}} expanded. */
    String args() {
        String args = get("args");
        if (has("nesting")) {
            int depth = integer("nesting");
            args = args.replace("{nesting}", "[".repeat(depth) + "]".repeat(depth));
        }
        return args;
    }

    /** Whether {@code message} contains one of the {@code error} alternatives (any message when none is given). */
    boolean errorMatches(String message) {
        if (!has("error")) {
            return message != null && !message.isBlank();
        }
        return message != null && Arrays.stream(get("error").split("\\|")).anyMatch(message::contains);
    }
}
