package dev.stevedore;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Parses a program's stdout as JSON, with errors that say what could not be parsed and show it. */
final class OutputJson {
    /** Bytes of stdout decoded for an error message: enough for the 80 characters it shows. */
    static final int PREVIEW_BYTES = 320;
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            // Tools add fields between versions; a record naming the fields it needs should keep working.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // A warning printed after the JSON means the output is not what we think it is.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private OutputJson() {}

    static <T> T parse(Subprocess.Result result, Class<T> type) {
        byte[] stdout = result.stdout();
        String target = "as JSON for " + type.getName();
        if (result.stdoutTruncated()) {
            throw new SubprocessException.UnparsableOutput(result.command(), "cannot be parsed " + target + ": it was cut at "
                    + stdout.length + " of " + result.stdoutTotal() + " bytes (raise maxStdout)", null);
        }
        if (new String(stdout, StandardCharsets.UTF_8).isBlank()) {
            throw new SubprocessException.UnparsableOutput(result.command(), "is empty: nothing to parse " + target, null);
        }
        try {
            return MAPPER.readValue(stdout, type);
        } catch (JacksonException e) {
            throw new SubprocessException.UnparsableOutput(result.command(), "is not valid JSON for " + type.getName()
                    + ": " + e.getOriginalMessage() + where(e.getLocation()) + "; it begins: \"" + preview(stdout) + "\"", e);
        } catch (IOException e) {
            throw new IllegalStateException("reading JSON from memory failed", e);
        }
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1
                ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String preview(byte[] stdout) {
        byte[] head = Arrays.copyOf(stdout, Math.min(stdout.length, PREVIEW_BYTES));
        return Names.printable(new String(head, StandardCharsets.UTF_8));
    }
}
