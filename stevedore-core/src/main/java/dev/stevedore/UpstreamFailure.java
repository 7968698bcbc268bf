package dev.stevedore;

import java.util.Locale;

/**
 * What a workflow step does when a job it waits for ends {@code discarded} or {@code cancelled}
 * instead of {@code completed}. Set per batch ({@link BatchOptions#onUpstreamFailure}) or per step
 * ({@link StepOptions#onUpstreamFailure}).
 */
public enum UpstreamFailure {
    /**
     * The waiting step is cancelled (its cancellation names the upstream job), and so, in turn, are the
     * steps waiting for it that use this policy. The default: a step usually needs its inputs.
     */
    CANCEL,
    /** The waiting step runs anyway once every job it waits for has finished, whatever the outcome. */
    RUN;

    /** The lower-case name stored with each dependency. */
    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
