package dev.stevedore;

import java.time.Duration;
import java.util.List;

/**
 * How failed attempts are recorded (see docs/failures.md).
 *
 * @param redact    JSON fields of job arguments replaced by "[redacted]" before storage; default none
 * @param retention failure records older than this are pruned by the leader; default {@link #DEFAULT_RETENTION}
 * @param buffer    failures held in memory while the store is away before the oldest are dropped;
 *                  default {@link #DEFAULT_BUFFER}
 */
record FailureSettings(List<String> redact, Duration retention, int buffer) {
    static final Duration DEFAULT_RETENTION = Duration.ofDays(14);
    static final int DEFAULT_BUFFER = 10_000;

    FailureSettings {
        redact = List.copyOf(redact);
    }
}
