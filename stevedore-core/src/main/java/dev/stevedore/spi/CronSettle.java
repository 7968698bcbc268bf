package dev.stevedore.spi;

import dev.stevedore.JobState;
import java.util.Objects;

/**
 * Counts the outcome of one finished run. SPI record.
 *
 * <p>The store forgets the run and updates the schedule's failure streak in one transaction: a
 * {@code discarded} job adds one, a {@code completed} one resets it to zero, anything else (cancelled,
 * or a job that is gone) leaves it. When the streak reaches {@code pauseAfterFailures} (0 = never) the
 * schedule is disabled with {@code pauseReason}, unless it is disabled already.
 *
 * @param run                the run, {@linkplain CronRun#settled() settled}
 * @param pauseAfterFailures 0, or the streak that disables the schedule
 * @param pauseReason        the reason recorded if this run disables it
 */
public record CronSettle(CronRun run, int pauseAfterFailures, String pauseReason) {
    /** What counting the run did. */
    public enum Result {
        /** Nothing: the run was counted before (by another leader, say). */
        ALREADY_COUNTED,
        /** Counted; the schedule stays as it was. */
        COUNTED,
        /** Counted, and the streak of failures disabled the schedule. */
        PAUSED
    }

    public CronSettle {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(pauseReason, "pauseReason");
        if (!run.settled()) {
            throw new IllegalArgumentException("run of job " + run.jobId() + " has not finished (" + run.state() + ")");
        }
        if (pauseAfterFailures < 0) {
            throw new IllegalArgumentException("pauseAfterFailures must be ≥ 0, was " + pauseAfterFailures);
        }
    }

    /**
     * Whether counting this run pauses the schedule, given its streak after the count and whether it
     * was enabled: only a discarded run can, and only an enabled schedule is paused.
     */
    public boolean pauses(int failuresAfter, boolean enabled) {
        return enabled && run.state() == JobState.DISCARDED && pauseAfterFailures > 0
                && failuresAfter >= pauseAfterFailures;
    }
}
