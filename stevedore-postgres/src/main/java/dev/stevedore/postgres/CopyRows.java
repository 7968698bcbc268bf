package dev.stevedore.postgres;

import dev.stevedore.spi.NewJob;
import dev.stevedore.spi.jdbc.StoreJson;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.postgresql.copy.CopyIn;

/**
 * Streams new jobs into {@code COPY jobs (...) FROM STDIN} in PostgreSQL's text format.
 *
 * <p>Text format: one line per row, columns separated by tabs, {@code \N} for null. Inside a value a
 * backslash, tab, newline or carriage return is written as {@code \\}, {@code \t}, {@code \n},
 * {@code \r}; since every backslash is doubled, no value can form the {@code \.} end marker. NUL cannot
 * be stored in text or jsonb at all and is rejected before anything is sent ({@link JobValidation}).
 * Rows are encoded as UTF-8 (pgjdbc sets {@code client_encoding} to UTF8) and sent in chunks.
 */
final class CopyRows {
    private static final int CHUNK_CHARS = 32 * 1024;

    private CopyRows() {}

    /**
     * Writes {@code jobs} with the given ids, in the column order of the {@code job_copy} query:
     * id, kind, queue, args, priority, max_attempts, state, scheduled_at, timeout_ms, tags, metadata.
     * {@code txNow} is the transaction's {@code now()}, for jobs scheduled relative to it.
     */
    static void write(CopyIn copy, List<NewJob> jobs, List<Long> ids, Instant txNow) throws SQLException {
        StringBuilder buffer = new StringBuilder(CHUNK_CHARS + 1024);
        for (int i = 0; i < jobs.size(); i++) {
            NewJob job = jobs.get(i);
            buffer.append(ids.get(i)).append('\t');
            value(buffer, job.kind()).append('\t');
            value(buffer, job.queue()).append('\t');
            value(buffer, job.args()).append('\t');
            buffer.append(job.priority()).append('\t');
            buffer.append(job.maxAttempts()).append('\t');
            buffer.append(job.state().dbName()).append('\t');
            buffer.append(scheduledAt(job, txNow)).append('\t');
            if (job.timeout() == null) {
                buffer.append("\\N");
            } else {
                buffer.append(job.timeout().toMillis());
            }
            buffer.append('\t');
            value(buffer, StoreJson.strings(job.tags())).append('\t');
            value(buffer, StoreJson.stringMap(job.metadata())).append('\n');
            if (buffer.length() >= CHUNK_CHARS) {
                flush(copy, buffer);
            }
        }
        flush(copy, buffer);
    }

    /** The job's due time: its run-at, or the transaction's now plus its delay (as INSERT computes it). */
    static Instant scheduledAt(NewJob job, Instant txNow) {
        return job.runAt() != null ? job.runAt() : txNow.plus(job.delay());
    }

    /** Appends {@code text} escaped for the text format. */
    static StringBuilder value(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\0' -> throw new IllegalArgumentException("NUL cannot be sent in COPY text format");
                default -> out.append(c);
            }
        }
        return out;
    }

    private static void flush(CopyIn copy, StringBuilder buffer) throws SQLException {
        if (buffer.isEmpty()) {
            return;
        }
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        buffer.setLength(0);
    }
}
