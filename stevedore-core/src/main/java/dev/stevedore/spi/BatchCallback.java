package dev.stevedore.spi;

import java.util.Locale;

/**
 * A job a batch inserts when it finishes. SPI record.
 *
 * @param event when it is inserted
 * @param job   the job; always {@code AVAILABLE}, never unique
 */
public record BatchCallback(Event event, NewJob job) {

    public BatchCallback {
        if (job.unique() != null) {
            throw new IllegalArgumentException("a batch callback cannot be unique (" + job.kind() + ")");
        }
        if (job.state() != dev.stevedore.JobState.AVAILABLE) {
            throw new IllegalArgumentException("a batch callback runs when its batch finishes and cannot have a run time ("
                    + job.kind() + ")");
        }
    }

    /** When a callback is inserted: exactly one of success and failure, and complete either way. */
    public enum Event {
        /** Every job completed (and every child batch succeeded). */
        SUCCESS,
        /** At least one job was discarded or cancelled (or a child batch failed). */
        FAILURE,
        /** Always, when the batch finishes. */
        COMPLETE;

        /** The lower-case name stored in the batch's callbacks and in the callback job's metadata. */
        public String dbName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
