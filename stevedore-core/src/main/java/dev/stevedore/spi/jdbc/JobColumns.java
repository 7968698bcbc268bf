package dev.stevedore.spi.jdbc;

import dev.stevedore.Job;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Reads the job columns that map to nested values of {@link Job}, the same way in every store. For
 * store authors. Lenient like the JSON columns: a value some other program wrote out of range reads as
 * absent rather than failing the claim that returns the row.
 */
public final class JobColumns {
    private JobColumns() {}

    /** {@code progress_percent} and {@code progress_message}: null without a percent in 0..100. */
    public static Job.@Nullable Progress progress(@Nullable Integer percent, @Nullable String message) {
        if (percent == null || percent < 0 || percent > 100) {
            return null;
        }
        return new Job.Progress(percent,
                message == null || message.length() > Job.Progress.MAX_MESSAGE_CHARS ? "" : message);
    }

    /** {@code cancel_requested_at} and {@code cancel_reason}: null when no cancel was requested. */
    public static Job.@Nullable Cancellation cancellation(@Nullable Instant requestedAt, @Nullable String reason) {
        return requestedAt == null ? null : new Job.Cancellation(requestedAt, reason == null ? "" : reason);
    }
}
