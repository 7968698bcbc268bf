package dev.stevedore;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One failed attempt of a job, as recorded for operators (see docs/failures.md). Kept after the job
 * itself moves on (a retried job that later succeeds still has its failures) until the failure
 * retention passes.
 *
 * @param id         unique, increasing in recording order (the paging cursor)
 * @param issue      the {@link Issue#id() issue} the failure was grouped into
 * @param jobId      the job that failed
 * @param kind       the job's kind
 * @param queue      the job's queue
 * @param args       the job's arguments as JSON, with the configured fields replaced by "[redacted]"
 * @param errorClass the exception's class name
 * @param message    the exception's message (may be empty)
 * @param stack      the stack trace, bounded
 * @param category   how the failure was classified
 * @param retryable  whether the job was scheduled to run again after this attempt
 * @param attempt    the attempt number that failed
 * @param node       the node that ran it
 * @param duration   how long the attempt ran
 * @param at         when it failed
 * @param tags       the job's tags
 * @param metadata   the job's metadata (tenant, account …)
 */
public record Failure(
        long id,
        String issue,
        long jobId,
        String kind,
        String queue,
        String args,
        String errorClass,
        String message,
        String stack,
        ErrorCategory category,
        boolean retryable,
        int attempt,
        String node,
        Duration duration,
        Instant at,
        List<String> tags,
        Map<String, String> metadata) {

    public Failure {
        tags = List.copyOf(tags);
        metadata = Map.copyOf(metadata);
    }
}
