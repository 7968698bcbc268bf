package dev.stevedore;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A batch's progress, as {@link Stevedore#batch(long)} reads it. A child batch counts as one unit of
 * its parent: {@code completed} once it succeeded, {@code failed} once it failed, {@code pending}
 * until then. While the batch runs the counts are read from its jobs, at the read for a batch of fewer
 * than 100,000 units; a larger one is too costly to count on every read, so it keeps a tally that the
 * leader takes again about every 10 s, and {@code talliedAt} says when that was. Once the batch has
 * finished the counts are the tally taken at that moment (jobs pruned later, or callbacks inserted
 * then, change nothing).
 *
 * @param id          the batch's id
 * @param parentId    the batch this one is a child of, or null
 * @param description what the batch is, for operators
 * @param metadata    free-form context given at enqueue
 * @param state       running, succeeded or failed
 * @param total       jobs and child batches in it
 * @param pending     those not final yet (including held jobs and steps waiting for others)
 * @param completed   jobs completed and child batches that succeeded
 * @param failed      jobs discarded and child batches that failed
 * @param cancelled   jobs cancelled (by an operator, or because a step they waited for failed)
 * @param createdAt   when it was enqueued
 * @param finishedAt  when its last job or child batch finished, or null while it runs
 * @param talliedAt   when the counts of a running batch were taken, for a batch of 100,000 units or
 *                    more, whose counts the leader refreshes about every 10 s; null when they were
 *                    counted at the read, and for a finished batch
 */
public record BatchStatus(
        long id,
        @Nullable Long parentId,
        String description,
        Map<String, String> metadata,
        BatchState state,
        int total,
        int pending,
        int completed,
        int failed,
        int cancelled,
        Instant createdAt,
        @Nullable Instant finishedAt,
        @Nullable Instant talliedAt) {

    public BatchStatus {
        metadata = Map.copyOf(metadata);
    }

    /** Whether every job and child batch in it is final (its callbacks have been enqueued). */
    public boolean finished() {
        return finishedAt != null;
    }
}
