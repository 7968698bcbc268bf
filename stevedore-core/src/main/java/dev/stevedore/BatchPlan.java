package dev.stevedore;

import dev.stevedore.spi.BatchCallback;
import dev.stevedore.spi.BatchInserted;
import dev.stevedore.spi.NewBatch;
import dev.stevedore.spi.NewJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One batch ready to insert: its members prepared like any enqueue (kind defaults, queue, attempts),
 * step names resolved to positions, the graph checked, waiting steps parked at
 * {@link Job#AWAITING_UPSTREAM}. Every mistake surfaces here, before the store is touched.
 */
record BatchPlan(NewBatch batch, Map<String, Integer> steps) {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    static BatchPlan of(Consumer<BatchOptions> spec, Enqueuer enqueuer) {
        BatchOptions options = new BatchOptions();
        Objects.requireNonNull(spec, "batch").accept(options);
        if (options.members.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one job: add(…) or step(…) some");
        }
        Map<String, Integer> steps = new LinkedHashMap<>();
        Map<String, List<String>> after = new LinkedHashMap<>();
        for (int i = 0; i < options.members.size(); i++) {
            BatchOptions.Member member = options.members.get(i);
            if (member.step() != null) {
                steps.put(member.step(), i);
                after.put(member.step(), member.after());
            }
        }
        StepGraph.check(after);
        List<NewJob> jobs = new ArrayList<>(options.members.size());
        List<NewBatch.Dependency> dependencies = new ArrayList<>();
        for (int i = 0; i < options.members.size(); i++) {
            BatchOptions.Member member = options.members.get(i);
            UpstreamFailure policy = member.onUpstreamFailure() != null ? member.onUpstreamFailure() : options.onUpstreamFailure;
            NewJob job = member(enqueuer.prepare(member.args(), member.options()), member, policy);
            jobs.add(job);
            for (String upstream : member.after()) {
                dependencies.add(new NewBatch.Dependency(i, steps.get(upstream), policy));
            }
        }
        List<BatchCallback> callbacks = new ArrayList<>();
        options.callbacks.forEach((event, callback) ->
                callbacks.add(callback(event, enqueuer.prepare(callback.args(), callback.options()))));
        return new BatchPlan(new NewBatch(options.parentId, options.description, options.metadata, callbacks, jobs,
                dependencies), Map.copyOf(steps));
    }

    /** The public result, with step names mapped to the ids the store assigned. */
    EnqueuedBatch result(BatchInserted inserted) {
        Map<String, Long> ids = new LinkedHashMap<>();
        steps.forEach((name, index) -> ids.put(name, inserted.jobIds().get(index)));
        return new EnqueuedBatch(inserted.id(), inserted.jobIds(), ids);
    }

    private static NewJob member(NewJob job, BatchOptions.Member member, UpstreamFailure policy) {
        String what = member.step() == null ? "a job of kind " + job.kind() : "step \"" + member.step() + "\"";
        if (job.unique() != null) {
            throw new IllegalArgumentException(what + " is unique; a batch cannot hold unique jobs (a duplicate "
                    + "would belong to another batch or none): enqueue it outside the batch");
        }
        if (member.step() == null) {
            return job;
        }
        // The step's name, what it waits for and its policy travel with it, so the workflow can be drawn
        // after its edges are gone (each edge is deleted as its upstream finishes).
        Map<String, String> metadata = new LinkedHashMap<>(job.metadata());
        metadata.put(BatchOptions.STEP_KEY, member.step());
        if (member.after().isEmpty()) {
            return new NewJob(job.kind(), job.queue(), job.args(), job.priority(), job.maxAttempts(), job.state(),
                    job.runAt(), job.delay(), job.timeout(), job.tags(), metadata, null, job.limits(), job.limitKeys());
        }
        if (job.state() == JobState.SCHEDULED) {
            throw new IllegalArgumentException(what + " waits for other steps and cannot also have a run time "
                    + "(in/at): it runs as soon as the steps it waits for are done");
        }
        metadata.put(BatchOptions.STEP_AFTER_KEY, jsonArray(member.after()));
        metadata.put(BatchOptions.STEP_ON_UPSTREAM_FAILURE_KEY, policy.dbName());
        return new NewJob(job.kind(), job.queue(), job.args(), job.priority(), job.maxAttempts(), JobState.SCHEDULED,
                Job.AWAITING_UPSTREAM, Duration.ZERO, job.timeout(), job.tags(), metadata, null,
                NewJob.TimeLimits.NONE, job.limitKeys());
    }

    private static BatchCallback callback(BatchCallback.Event event, NewJob job) {
        String what = "the on" + Character.toUpperCase(event.dbName().charAt(0)) + event.dbName().substring(1)
                + " callback (" + job.kind() + ")";
        if (job.unique() != null) {
            throw new IllegalArgumentException(what + " cannot be unique: it is enqueued once per batch anyway");
        }
        if (job.state() != JobState.AVAILABLE) {
            throw new IllegalArgumentException(what + " cannot have a run time (in/at): it runs when the batch finishes");
        }
        return new BatchCallback(event, job);
    }

    /** Step names as a JSON array of strings (names may hold commas, quotes, any printable character). */
    static String jsonArray(List<String> names) {
        try {
            return JSON.writeValueAsString(names);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a list of strings always encodes", e);
        }
    }
}
