package dev.stevedore;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A stored job as it is now.
 *
 * @param id            unique, increasing
 * @param kind          the stable kind string ({@link JobKind})
 * @param queue         the queue it runs in
 * @param state         where it is in its life
 * @param priority      higher runs first within a queue; default 0
 * @param args          the arguments as JSON
 * @param attempt       executions started so far (the fencing token of the current execution)
 * @param maxAttempts   a failed attempt numbered this or higher discards the job
 * @param createdAt     when it was enqueued
 * @param scheduledAt   when it becomes (or became) available
 * @param attemptedAt   when the latest execution started
 * @param attemptedBy   the node that ran the latest execution
 * @param finishedAt    when it reached a final state
 * @param timeout       the per-attempt timeout, or null for the queue's default
 * @param tags          free-form labels
 * @param metadata      free-form context (tenant, account …)
 * @param errors        every failed attempt's error, oldest first
 * @param errorCategory the category of the latest failure
 * @param progress      the latest progress the handler reported ({@link JobContext#progress}), or null
 * @param output        the output the handler recorded ({@link JobContext#output}) as JSON, or null
 * @param cancellation  when and why a cancel was asked for, or null; a job that finished before the
 *                      cancel reached its handler keeps its outcome (say {@code completed}) and this
 * @param startBy       the moment by which the job must start for the first time, else it is discarded
 *                      unrun ({@link JobOptions#startWithin}), or null
 * @param deadline      the moment by which the whole job, retries included, must be done, else it is
 *                      discarded ({@link JobOptions#deadline(Duration)}), or null
 * @param heartbeatTimeout the longest an attempt may go without a heartbeat, or null for the kind's
 *                      ({@link JobOptions#heartbeatTimeout})
 * @param batchId       the {@linkplain Stevedore#enqueueBatch batch} the job belongs to (for a batch
 *                      callback, the batch it reports on), or null for a job outside any batch
 * @param quarantinedAt when the job was quarantined for crashing its worker too often (it is then
 *                      {@link JobState#HELD} until an operator retries it), or null
 */
public record Job(
        long id,
        String kind,
        String queue,
        JobState state,
        int priority,
        String args,
        int attempt,
        int maxAttempts,
        Instant createdAt,
        Instant scheduledAt,
        @Nullable Instant attemptedAt,
        @Nullable String attemptedBy,
        @Nullable Instant finishedAt,
        @Nullable Duration timeout,
        List<String> tags,
        Map<String, String> metadata,
        List<AttemptError> errors,
        @Nullable ErrorCategory errorCategory,
        @Nullable Progress progress,
        @Nullable String output,
        @Nullable Cancellation cancellation,
        @Nullable Instant startBy,
        @Nullable Instant deadline,
        @Nullable Duration heartbeatTimeout,
        @Nullable Long batchId,
        @Nullable Instant quarantinedAt) {

    /**
     * The scheduled time of a workflow job that waits for its upstream jobs: 9999-12-31, a time the
     * stager never reaches. The job stays {@link JobState#SCHEDULED} with this time until its upstream
     * jobs are final, then becomes available (see {@link #awaitingUpstream()}).
     */
    public static final Instant AWAITING_UPSTREAM = Instant.parse("9999-12-31T00:00:00Z");

    public Job {
        tags = List.copyOf(tags);
        metadata = Map.copyOf(metadata);
        errors = List.copyOf(errors);
    }

    /** A job that is not quarantined. */
    public Job(long id, String kind, String queue, JobState state, int priority, String args, int attempt,
               int maxAttempts, Instant createdAt, Instant scheduledAt, @Nullable Instant attemptedAt,
               @Nullable String attemptedBy, @Nullable Instant finishedAt, @Nullable Duration timeout,
               List<String> tags, Map<String, String> metadata, List<AttemptError> errors,
               @Nullable ErrorCategory errorCategory, @Nullable Progress progress, @Nullable String output,
               @Nullable Cancellation cancellation, @Nullable Instant startBy, @Nullable Instant deadline,
               @Nullable Duration heartbeatTimeout, @Nullable Long batchId) {
        this(id, kind, queue, state, priority, args, attempt, maxAttempts, createdAt, scheduledAt, attemptedAt,
                attemptedBy, finishedAt, timeout, tags, metadata, errors, errorCategory, progress, output, cancellation,
                startBy, deadline, heartbeatTimeout, batchId, null);
    }

    /** A job outside any batch. */
    public Job(long id, String kind, String queue, JobState state, int priority, String args, int attempt,
               int maxAttempts, Instant createdAt, Instant scheduledAt, @Nullable Instant attemptedAt,
               @Nullable String attemptedBy, @Nullable Instant finishedAt, @Nullable Duration timeout,
               List<String> tags, Map<String, String> metadata, List<AttemptError> errors,
               @Nullable ErrorCategory errorCategory, @Nullable Progress progress, @Nullable String output,
               @Nullable Cancellation cancellation) {
        this(id, kind, queue, state, priority, args, attempt, maxAttempts, createdAt, scheduledAt, attemptedAt,
                attemptedBy, finishedAt, timeout, tags, metadata, errors, errorCategory, progress, output, cancellation,
                null, null, null, null);
    }

    /** A job outside any batch, with its time limits. */
    public Job(long id, String kind, String queue, JobState state, int priority, String args, int attempt,
               int maxAttempts, Instant createdAt, Instant scheduledAt, @Nullable Instant attemptedAt,
               @Nullable String attemptedBy, @Nullable Instant finishedAt, @Nullable Duration timeout,
               List<String> tags, Map<String, String> metadata, List<AttemptError> errors,
               @Nullable ErrorCategory errorCategory, @Nullable Progress progress, @Nullable String output,
               @Nullable Cancellation cancellation, @Nullable Instant startBy, @Nullable Instant deadline,
               @Nullable Duration heartbeatTimeout) {
        this(id, kind, queue, state, priority, args, attempt, maxAttempts, createdAt, scheduledAt, attemptedAt,
                attemptedBy, finishedAt, timeout, tags, metadata, errors, errorCategory, progress, output, cancellation,
                startBy, deadline, heartbeatTimeout, null);
    }

    /** Whether the job is a workflow step still waiting for its upstream jobs to finish. */
    public boolean awaitingUpstream() {
        return state == JobState.SCHEDULED && AWAITING_UPSTREAM.equals(scheduledAt);
    }

    /**
     * Whether the job is quarantined: it crashed its worker process too often within the crash window
     * ({@link StevedoreBuilder#quarantineAfterCrashes}) and is held until an operator retries it.
     */
    public boolean quarantined() {
        return quarantinedAt != null && state == JobState.HELD;
    }

    /** Whether a cancel was asked for but the job is still running: its node has yet to interrupt it. */
    public boolean cancelPending() {
        return cancellation != null && state == JobState.RUNNING;
    }

    /**
     * How far a running job got, as its handler last reported it.
     *
     * @param percent 0..100
     * @param message what it is doing, at most {@value #MAX_MESSAGE_CHARS} characters
     */
    public record Progress(int percent, String message) {
        /** Longer progress messages are cut to this length. */
        public static final int MAX_MESSAGE_CHARS = 500;

        public Progress {
            if (percent < 0 || percent > 100) {
                throw new IllegalArgumentException("percent must be in [0, 100], was " + percent);
            }
            message = message == null ? "" : message;
            if (message.length() > MAX_MESSAGE_CHARS) {
                throw new IllegalArgumentException("progress message must be at most " + MAX_MESSAGE_CHARS
                        + " characters, was " + message.length());
            }
        }
    }

    /**
     * A cancel asked for by an operator (or by clearing the queue).
     *
     * @param requestedAt when it was asked for
     * @param reason      why, for operators
     */
    public record Cancellation(Instant requestedAt, String reason) {}
}
