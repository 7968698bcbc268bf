package dev.stevedore.spi.jdbc;

import dev.stevedore.BatchState;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Reads a batch's state from its columns, the same way in every store. For store authors. */
public final class BatchColumns {
    private BatchColumns() {}

    /** Running until {@code finished_at} is set; then succeeded unless a unit failed or was cancelled. */
    public static BatchState state(@Nullable Instant finishedAt, int failed, int cancelled) {
        if (finishedAt == null) {
            return BatchState.RUNNING;
        }
        return failed + cancelled == 0 ? BatchState.SUCCEEDED : BatchState.FAILED;
    }
}
