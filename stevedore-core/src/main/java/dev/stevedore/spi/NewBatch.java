package dev.stevedore.spi;

import dev.stevedore.UpstreamFailure;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A batch to insert with its jobs, the dependencies between them and its callbacks. SPI record.
 *
 * <p>A job that has dependencies is inserted {@code SCHEDULED} at {@link dev.stevedore.Job#AWAITING_UPSTREAM}
 * (the runtime prepares it so); the store releases it when its last upstream job is final.
 *
 * @param parentId     the unfinished batch this one is a child of, or null
 * @param description  for operators
 * @param metadata     context
 * @param callbacks    the jobs to insert when the batch finishes
 * @param jobs         at least one; none unique
 * @param dependencies edges between {@code jobs}, by index; the runtime has checked there is no cycle
 */
public record NewBatch(
        @Nullable Long parentId,
        String description,
        Map<String, String> metadata,
        List<BatchCallback> callbacks,
        List<NewJob> jobs,
        List<Dependency> dependencies) {

    public NewBatch {
        metadata = Map.copyOf(metadata);
        callbacks = List.copyOf(callbacks);
        jobs = List.copyOf(jobs);
        dependencies = List.copyOf(dependencies);
        if (jobs.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one job");
        }
        NewJob.checkOrdinary(jobs);
        for (Dependency d : dependencies) {
            if (d.job() < 0 || d.job() >= jobs.size() || d.upstream() < 0 || d.upstream() >= jobs.size()
                    || d.job() == d.upstream()) {
                throw new IllegalArgumentException("dependency " + d + " does not join two jobs of the batch ("
                        + jobs.size() + " jobs)");
            }
        }
    }

    /**
     * Job {@code job} waits for job {@code upstream} (indexes into {@link #jobs()}).
     *
     * @param onFailure what a discarded or cancelled upstream does to the waiting job
     */
    public record Dependency(int job, int upstream, UpstreamFailure onFailure) {}
}
