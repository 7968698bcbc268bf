package dev.stevedore.postgres;

import dev.stevedore.JobState;
import dev.stevedore.spi.NewJob;
import dev.stevedore.spi.jdbc.StoreJson;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.postgresql.copy.CopyIn;

/**
 * Streams new jobs into {@code COPY jobs (...) FROM STDIN} in PostgreSQL's text format.
 *
 * <p>Only the columns some job of the batch needs are sent: a column whose value is the table's
 * default for every job (priority 0, no timeout, no tags, due now, ...) is left out of the column list
 * and filled by the default. Parsing costs PostgreSQL more per column than per byte; measured with
 * psql, 100,000 rows took about 490 ms with all eleven columns and 380 ms with the four every job needs.
 *
 * <p>Text format: one line per row, columns separated by tabs, {@code \N} for null. Inside a value a
 * backslash, tab, newline or carriage return is written as {@code \\}, {@code \t}, {@code \n},
 * {@code \r}; since every backslash is doubled, no value can form the {@code \.} end marker. NUL cannot
 * be stored in text or jsonb at all and is rejected before anything is sent ({@link JobValidation}).
 * Rows are encoded as UTF-8 (pgjdbc sets {@code client_encoding} to UTF8) and sent in chunks.
 */
final class CopyRows {
    /** {@code max_attempts}' default in 001_init.up.sql; a test checks the two agree. */
    static final int TABLE_DEFAULT_MAX_ATTEMPTS = 20;
    private static final int CHUNK_CHARS = 32 * 1024;
    /** The text format's null. */
    private static final String NULL = "\\N";

    /** The columns COPY may carry, in the order they are sent. The first four are always sent. */
    enum Column {
        ID("id"), KIND("kind"), QUEUE("queue"), ARGS("args"), PRIORITY("priority"), MAX_ATTEMPTS("max_attempts"),
        STATE("state"), SCHEDULED_AT("scheduled_at"), TIMEOUT_MS("timeout_ms"), TAGS("tags"), METADATA("metadata"),
        START_BY("start_by"), DEADLINE_AT("deadline_at"), HEARTBEAT_TIMEOUT_MS("heartbeat_timeout_ms"),
        LIMIT_KEYS("limit_keys");

        final String sqlName;

        Column(String sqlName) {
            this.sqlName = sqlName;
        }
    }

    private final CopyIn copy;
    private final Set<Column> columns;
    private final Instant txNow;
    private final StringBuilder buffer = new StringBuilder(CHUNK_CHARS + 1024);
    // Most batches share one due time (now, or one run-at): each distinct one is formatted once.
    private Instant lastAt;
    private String lastAtText;

    private CopyRows(CopyIn copy, Set<Column> columns, Instant txNow) {
        this.copy = copy;
        this.columns = columns;
        this.txNow = txNow;
    }

    /** The columns {@code jobs} need: the four every job has, plus any not at its default for some job. */
    static Set<Column> columnsFor(List<NewJob> jobs) {
        Set<Column> columns = EnumSet.of(Column.ID, Column.KIND, Column.QUEUE, Column.ARGS);
        for (NewJob job : jobs) {
            if (job.priority() != 0) {
                columns.add(Column.PRIORITY);
            }
            if (job.maxAttempts() != TABLE_DEFAULT_MAX_ATTEMPTS) {
                columns.add(Column.MAX_ATTEMPTS);
            }
            if (job.state() != JobState.AVAILABLE) {
                columns.add(Column.STATE);
            }
            if (job.runAt() != null || !job.delay().isZero()) {
                columns.add(Column.SCHEDULED_AT);
            }
            if (job.timeout() != null) {
                columns.add(Column.TIMEOUT_MS);
            }
            if (!job.tags().isEmpty()) {
                columns.add(Column.TAGS);
            }
            if (!job.metadata().isEmpty()) {
                columns.add(Column.METADATA);
            }
            if (job.limits().startWithin() != null) {
                columns.add(Column.START_BY);
            }
            if (job.limits().deadline() != null || job.limits().deadlineIn() != null) {
                columns.add(Column.DEADLINE_AT);
            }
            if (job.limits().heartbeatTimeout() != null) {
                columns.add(Column.HEARTBEAT_TIMEOUT_MS);
            }
            if (!job.limitKeys().isEmpty()) {
                columns.add(Column.LIMIT_KEYS);
            }
        }
        return columns;
    }

    /** The column list for the COPY statement: names from {@link Column} only, never from input. */
    static String columnList(Set<Column> columns) {
        return columns.stream().map(c -> c.sqlName).collect(Collectors.joining(", "));
    }

    /**
     * Writes {@code jobs} with the given ids, sending exactly {@code columns} in {@link Column} order.
     * {@code txNow} is the transaction's {@code now()}, for jobs scheduled relative to it; a job whose
     * scheduled_at is left to the default gets that same value.
     */
    static void write(CopyIn copy, Set<Column> columns, List<NewJob> jobs, long[] ids, Instant txNow)
            throws SQLException {
        CopyRows rows = new CopyRows(copy, columns, txNow);
        for (int i = 0; i < jobs.size(); i++) {
            rows.row(jobs.get(i), ids[i]);
        }
        rows.flush();
    }

    private void row(NewJob job, long id) throws SQLException {
        boolean first = true;
        for (Column column : columns) {
            if (!first) {
                buffer.append('\t');
            }
            first = false;
            switch (column) {
                case ID -> buffer.append(id);
                case KIND -> value(buffer, job.kind());
                case QUEUE -> value(buffer, job.queue());
                case ARGS -> value(buffer, job.args());
                case PRIORITY -> buffer.append(job.priority());
                case MAX_ATTEMPTS -> buffer.append(job.maxAttempts());
                case STATE -> buffer.append(job.state().dbName());
                case SCHEDULED_AT -> buffer.append(formatted(scheduledAt(job, txNow)));
                case TIMEOUT_MS -> millis(job.timeout());
                case TAGS -> value(buffer, StoreJson.strings(job.tags()));
                case METADATA -> value(buffer, StoreJson.stringMap(job.metadata()));
                case START_BY -> instantOrNull(startBy(job, txNow));
                case DEADLINE_AT -> instantOrNull(deadlineAt(job, txNow));
                case HEARTBEAT_TIMEOUT_MS -> millis(job.limits().heartbeatTimeout());
                case LIMIT_KEYS -> textArrayOrNull(job.limitKeys());
            }
        }
        buffer.append('\n');
        if (buffer.length() >= CHUNK_CHARS) {
            flush();
        }
    }

    private void millis(@Nullable Duration duration) {
        if (duration == null) {
            buffer.append(NULL);
        } else {
            buffer.append(duration.toMillis());
        }
    }

    private void instantOrNull(@Nullable Instant at) {
        buffer.append(at == null ? NULL : formatted(at));
    }

    /**
     * A text[] value, or null for an empty list: the array literal {@code {"a","b"}} (every element
     * quoted, a backslash or double quote inside one escaped with a backslash), then escaped for the
     * text format like any value.
     */
    private void textArrayOrNull(List<String> values) {
        if (values.isEmpty()) {
            buffer.append(NULL);
            return;
        }
        StringBuilder literal = new StringBuilder("{");
        for (String v : values) {
            if (literal.length() > 1) {
                literal.append(',');
            }
            literal.append('"').append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        value(buffer, literal.append('}').toString());
    }

    private String formatted(Instant at) {
        if (!at.equals(lastAt)) {
            lastAt = at;
            lastAtText = at.toString();
        }
        return lastAtText;
    }

    /** The job's due time: its run-at, or the transaction's now plus its delay (as INSERT computes it). */
    static Instant scheduledAt(NewJob job, Instant txNow) {
        return job.runAt() != null ? job.runAt() : txNow.plus(job.delay());
    }

    /** The job's start deadline as the INSERT paths compute it: its due time plus its startWithin. */
    static @Nullable Instant startBy(NewJob job, Instant txNow) {
        Duration within = job.limits().startWithin();
        return within == null ? null : scheduledAt(job, txNow).plus(within);
    }

    /** The job's deadline: the moment given, or the transaction's now plus the span given. */
    static @Nullable Instant deadlineAt(NewJob job, Instant txNow) {
        NewJob.TimeLimits limits = job.limits();
        return limits.deadline() != null ? limits.deadline()
                : limits.deadlineIn() != null ? txNow.plus(limits.deadlineIn()) : null;
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

    private void flush() throws SQLException {
        if (buffer.isEmpty()) {
            return;
        }
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        buffer.setLength(0);
    }
}
