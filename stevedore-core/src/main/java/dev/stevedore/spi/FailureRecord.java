package dev.stevedore.spi;

import dev.stevedore.ErrorCategory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One failed attempt to store, already redacted and fingerprinted by the runtime. SPI record.
 *
 * @param issue      the fingerprint: the issue it is grouped into
 * @param args       the job's arguments as JSON, redacted
 * @param retryable  whether the job runs again after this attempt
 */
public record FailureRecord(
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

    public FailureRecord {
        tags = List.copyOf(tags);
        metadata = Map.copyOf(metadata);
    }
}
