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
        @Nullable ErrorCategory errorCategory) {

    public Job {
        tags = List.copyOf(tags);
        metadata = Map.copyOf(metadata);
        errors = List.copyOf(errors);
    }
}
