package dev.stevedore;

import dev.stevedore.spi.CrashLimit;
import java.time.Duration;

/**
 * The node-wide timing and sizing settings, fixed at build time. Each default is a named constant
 * here; the builder documents the valid ranges.
 */
record RuntimeSettings(
        Duration pollInterval,
        Duration heartbeatInterval,
        Duration rescueAfter,
        Duration leaderTtl,
        Duration stageInterval,
        Duration pruneInterval,
        Duration retainCompleted,
        Duration retainFailed,
        Duration shutdownGrace,
        Duration interruptGrace,
        int maxArgsBytes,
        int maxOutputBytes,
        int claimBatch,
        int completeBatch,
        Duration statsMinutes,
        Duration statsHours,
        CrashLimit crashLimit) {

    static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(5);
    static final Duration DEFAULT_RESCUE_AFTER = Duration.ofSeconds(30);
    static final Duration DEFAULT_STAGE_INTERVAL = Duration.ofSeconds(1);
    static final Duration DEFAULT_PRUNE_INTERVAL = Duration.ofMinutes(1);
    static final Duration DEFAULT_RETAIN_COMPLETED = Duration.ofDays(1);
    static final Duration DEFAULT_RETAIN_FAILED = Duration.ofDays(7);
    static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(25);
    static final Duration DEFAULT_INTERRUPT_GRACE = Duration.ofSeconds(10);
    static final int DEFAULT_MAX_ARGS_BYTES = 1 << 20;
    static final int DEFAULT_MAX_OUTPUT_BYTES = 64 << 10;
    static final int DEFAULT_CLAIM_BATCH = 300;
    static final int DEFAULT_COMPLETE_BATCH = 500;
    static final Duration DEFAULT_STATS_MINUTES = Duration.ofDays(2);
    static final Duration DEFAULT_STATS_HOURS = Duration.ofDays(90);
    static final int DEFAULT_QUARANTINE_CRASHES = 3;
    static final Duration DEFAULT_QUARANTINE_WINDOW = Duration.ofHours(1);

    /** The lease outlives three missed renewals, so one slow beat does not change the leader. */
    static Duration leaderTtlFor(Duration heartbeat) {
        return heartbeat.multipliedBy(3);
    }
}
