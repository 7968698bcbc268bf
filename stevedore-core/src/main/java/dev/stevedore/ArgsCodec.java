package dev.stevedore;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/** Turns job-argument records into JSON and back. One mapper per node; thread-safe. */
final class ArgsCodec {
    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // Stored jobs outlive deploys: a field removed from the record must not strand old jobs.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    /**
     * A reader per argument type: it holds the type's resolved deserializer, which mapper.readValue looks
     * up again on every call (a type resolution and a cache probe, most of decoding small args).
     */
    private final ClassValue<ObjectReader> readers = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return mapper.readerFor(type);
        }
    };
    private final int maxBytes;

    ArgsCodec(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    String encode(Record args) {
        String what = "arguments of " + args.getClass().getName();
        return checked(write(args, what), what, maxBytes, "maxArgsBytes; store large data elsewhere and pass a reference");
    }

    /** A handler's output as JSON, at most {@code limit} bytes. */
    String encodeOutput(Object value, int limit) {
        String what = "output " + value.getClass().getName();
        return checked(write(value, what), what, limit, "maxOutputBytes; store large results elsewhere and record a reference");
    }

    private String write(Object value, String what) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + what + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String checked(String json, String what, int limit, String advice) {
        if (containsNulEscape(json)) {
            // PostgreSQL jsonb cannot hold \u0000; refusing here keeps both stores alike.
            throw new IllegalArgumentException(what + " contains a NUL character (\\u0000), "
                    + "which databases cannot store in text; encode binary data as Base64");
        }
        int lone = loneSurrogate(json);
        if (lone >= 0) {
            // UTF-8 cannot encode half a surrogate pair: the database driver would store '?' in its place.
            throw new IllegalArgumentException(what + " contains a lone surrogate (U+" + HexFormat.of().withUpperCase()
                    .toHexDigits(json.charAt(lone)) + ", half of a UTF-16 pair), which is not text any database can store");
        }
        int bytes = json.length() <= limit / 3 ? json.length() : json.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > limit) {
            throw new IllegalArgumentException(what + ": " + bytes + " bytes of JSON, over the limit of " + limit
                    + " (" + advice + ")");
        }
        return json;
    }

    /** Whether Jackson's output holds an escaped NUL ({@code \\u0000} not itself behind an escaped backslash). */
    static boolean containsNulEscape(String json) {
        for (int i = json.indexOf("\\u0000"); i >= 0; i = json.indexOf("\\u0000", i + 1)) {
            int backslashes = 0;
            for (int j = i - 1; j >= 0 && json.charAt(j) == '\\'; j--) {
                backslashes++;
            }
            if (backslashes % 2 == 0) {
                return true;
            }
        }
        return false;
    }

    /** A recorded value (a step's result) read back as {@code type}. */
    <T> T decodeValue(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the recorded JSON does not read as " + type.getName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /** The index of the first surrogate that is not half of a pair, or -1. */
    static int loneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    <T extends Record> T decode(String json, Class<T> type) throws UndecodableArgsException {
        try {
            return readers.get(type).readValue(json);
        } catch (JsonProcessingException | RuntimeException e) {
            // Jackson's parse and type errors quote the input: kept out of the stored stack as well.
            boolean quotesInput = parseError(e) != null || e instanceof MismatchedInputException;
            throw new UndecodableArgsException("arguments do not decode as " + type.getName() + ": " + reason(json, e),
                    quotesInput ? null : e);
        }
    }

    /** The parse error behind {@code e}: thrown as it is, or wrapped when it struck inside a field's value. */
    private static @Nullable JsonParseException parseError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonParseException parse) {
                return parse;
            }
        }
        return null;
    }

    /**
     * Why the arguments do not decode, naming where but never quoting a value: the message is stored
     * with the job, shown by the dashboard and the CLI, and the value may be a redacted secret
     * (Jackson's own messages quote it: {@code from String "hunter2"}, {@code Unrecognized token 'hunter2'}).
     */
    private static String reason(String json, Exception e) {
        if (json.isBlank()) {
            return "the arguments are empty";
        }
        if (e instanceof StreamConstraintsException limit) {
            return limit.getOriginalMessage();
        }
        JsonParseException parse = parseError(e);
        if (parse != null) {
            return "not valid JSON (line " + parse.getLocation().getLineNr() + ", column " + parse.getLocation().getColumnNr() + ")";
        }
        if (e instanceof MismatchedInputException mismatch) {
            String path = mismatch.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("");
            Class<?> target = mismatch.getTargetType();
            return (path.isEmpty() ? "the arguments" : "field " + path) + " cannot be read as "
                    + (target == null ? "the declared type" : target.getSimpleName()) + " (the value is not shown: it may be secret)";
        }
        // The record's own constructor refusing (its message is the application's), or an unexpected failure.
        return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getClass().getSimpleName();
    }

    /** Stored arguments that can never become the kind's record: a permanent failure. */
    static final class UndecodableArgsException extends Exception {
        private static final long serialVersionUID = 1L;

        UndecodableArgsException(String message, @Nullable Throwable cause) {
            super(message, cause);
        }
    }
}
