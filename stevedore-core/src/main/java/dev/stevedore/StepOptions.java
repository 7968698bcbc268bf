package dev.stevedore;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Options for one named step of a batch, given as a lambda:
 * {@code s -> s.after("fetch", "resize").options(o -> o.queue("web"))}.
 */
public final class StepOptions {
    final List<String> after = new ArrayList<>();
    @Nullable UpstreamFailure onUpstreamFailure;
    Consumer<JobOptions> options = o -> {};

    StepOptions() {}

    /**
     * Waits for the named steps of the same batch: this step becomes available only once each of them
     * has finished (see {@link #onUpstreamFailure} for what a failed one does). Names need not be added
     * yet; an unknown name or a cycle fails the enqueue with {@link IllegalArgumentException}.
     */
    public StepOptions after(String... steps) {
        for (String step : steps) {
            after.add(BatchOptions.checkStepName(step));
        }
        return this;
    }

    /** What a discarded or cancelled upstream step does to this one. Default: the batch's, else {@code CANCEL}. */
    public StepOptions onUpstreamFailure(UpstreamFailure policy) {
        this.onUpstreamFailure = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /**
     * The step's job options (queue, priority, attempts …). A step that waits for others cannot have a
     * run time ({@link JobOptions#in}, {@link JobOptions#at}): it runs when its upstream steps are done.
     */
    public StepOptions options(Consumer<JobOptions> options) {
        this.options = Objects.requireNonNull(options, "options");
        return this;
    }
}
