package dev.stevedore.spi;

import java.util.List;

/**
 * A claimed job and the concurrency limits it must pass before it starts ({@link Admissions#decide}).
 * SPI record.
 *
 * @param jobId   the job
 * @param attempt the attempt it was claimed for
 * @param limits  its limits, each key at most once
 */
public record AdmitRequest(long jobId, int attempt, List<LimitKey> limits) {
    public AdmitRequest {
        limits = List.copyOf(limits);
        if (limits.size() > 1 && limits.stream().map(LimitKey::key).distinct().count() != limits.size()) {
            throw new IllegalArgumentException("job " + jobId + " names a limit key twice: " + limits);
        }
    }
}
