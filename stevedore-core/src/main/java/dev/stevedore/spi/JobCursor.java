package dev.stevedore.spi;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * A place in one of the time orders of {@link JobFilter}: the time that order sorts by and the job id
 * that breaks ties on it. A page of such an order starts just past its cursor, so jobs that share a
 * time are neither lost nor repeated across pages. SPI record.
 *
 * <p>Usually the last job of the previous page. It may also fall between jobs: {@link #pastAll} is the
 * place just past every job of one instant, where a page that stopped at a time bound goes on.
 *
 * @param time the job's scheduled or finished time, as the order reads it
 * @param id   the job's id, 0..{@value Long#MAX_VALUE}
 */
public record JobCursor(Instant time, long id) {
    /** The earliest and latest times a cursor takes: what both stores hold (job times never leave these years). */
    private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999Z");

    public JobCursor {
        Objects.requireNonNull(time, "time");
        checkStorable("a cursor's time", time);
        if (id < 0) {
            throw new IllegalArgumentException("a cursor's id must be ≥ 0, was " + id);
        }
    }

    /**
     * Refuses a time outside the years 1 to 9999, the times both stores hold: a filter bound beyond them
     * would be a store error, not an empty answer.
     */
    public static void checkStorable(String what, Instant time) {
        if (time.isBefore(FIRST) || time.isAfter(LAST)) {
            throw new IllegalArgumentException(what + " must lie in the years 1 to 9999, was " + time);
        }
    }

    /** The place of {@code job} in the time order {@code order}: its time there and its id. */
    public static JobCursor of(JobFilter.Order order, dev.stevedore.Job job) {
        return new JobCursor(order.time(job), job.id());
    }

    /**
     * The place just past every job at {@code time} in {@code order}: with the time ascending, after the
     * highest possible id; descending, after the lowest.
     */
    public static JobCursor pastAll(JobFilter.Order order, Instant time) {
        return new JobCursor(time, order == JobFilter.Order.NEXT_TO_RUN ? Long.MAX_VALUE : 0);
    }

    /** Whether this is {@link #pastAll} of its instant in {@code order}: no job of that instant lies beyond it. */
    public boolean pastAll(JobFilter.Order order) {
        return equals(pastAll(order, time));
    }

    /** The text form, {@code 2026-12-07T10:00:00.123456Z/42}: what {@link #parse} reads, for links and command lines. */
    public String text() {
        return time + "/" + id;
    }

    /**
     * Reads the {@linkplain #text() text form}.
     *
     * @throws IllegalArgumentException naming the expected form when {@code text} is not one
     */
    public static JobCursor parse(String text) {
        int slash = text.lastIndexOf('/');
        String digits = slash < 0 ? "" : text.substring(slash + 1);
        if (slash < 1 || !digits.matches("[0-9]{1,19}")) {
            throw notACursor(text);
        }
        try {
            return new JobCursor(Instant.parse(text.substring(0, slash)), Long.parseLong(digits));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw notACursor(text);
        }
    }

    private static IllegalArgumentException notACursor(String text) {
        String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        return new IllegalArgumentException("a cursor is TIME/ID, such as 2026-12-07T10:00:00.123456Z/42 (an instant in"
                + " UTC, a slash, a job id), was \"" + shown.replaceAll("\\p{Cntrl}", "?") + "\"");
    }
}
