package dev.stevedore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;

/** Turns job-argument records into JSON and back. One mapper per node; thread-safe. */
final class ArgsCodec {
    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // Stored jobs outlive deploys: a field removed from the record must not strand old jobs.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
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

    <T extends Record> T decode(String json, Class<T> type) throws UndecodableArgsException {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException | RuntimeException e) {
            String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.toString();
            throw new UndecodableArgsException("arguments do not decode as " + type.getName() + ": " + reason, e);
        }
    }

    /** Stored arguments that can never become the kind's record: a permanent failure. */
    static final class UndecodableArgsException extends Exception {
        private static final long serialVersionUID = 1L;

        UndecodableArgsException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
