package dev.stevedore;

import dev.stevedore.spi.BatchCallback;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Stevedore#enqueueBatch} enqueues, given as a lambda: the batch's jobs, its named steps and
 * what they wait for, its callbacks and its description.
 *
 * <pre>{@code
 * stevedore.enqueueBatch(b -> b
 *     .description("import 2026-11-23")
 *     .addAll(files, o -> o.queue("import"))
 *     .onSuccess(new ImportDone("2026-11-23"))
 *     .onFailure(new ImportFailed("2026-11-23")));
 *
 * stevedore.enqueueBatch(w -> w                        // a workflow: steps that wait for others
 *     .step("fetch", new Fetch(url))
 *     .step("resize", new Resize(url), s -> s.after("fetch"))
 *     .step("publish", new Publish(url), s -> s.after("resize")));
 * }</pre>
 *
 * <p>Each setter checks its value at once and throws {@link IllegalArgumentException} naming it;
 * {@code enqueueBatch} checks the whole (at least one job, known step names, no cycles).
 */
public final class BatchOptions {
    /** Metadata key of a callback job: the id of the batch it reports on. */
    public static final String BATCH_KEY = "stevedore.batch";
    /** Metadata key of a callback job: {@code success}, {@code failure} or {@code complete}. */
    public static final String EVENT_KEY = "stevedore.batch.event";
    /** Metadata key of a named step: its name, so that operators see the workflow (the dashboard's batch page). */
    public static final String STEP_KEY = "stevedore.step";
    /** Metadata key of a step that waits for others: the names of the steps it waits for, as a JSON array. */
    public static final String STEP_AFTER_KEY = "stevedore.step.after";
    /** Metadata key of a step that waits for others: what a failed upstream step does to it, {@code cancel} or {@code run}. */
    public static final String STEP_ON_UPSTREAM_FAILURE_KEY = "stevedore.step.on_upstream_failure";
    /** Longest description accepted. */
    public static final int MAX_DESCRIPTION_CHARS = 1_000;
    /** Longest step name accepted. */
    public static final int MAX_STEP_NAME_CHARS = 100;

    /** One job of the batch; {@code step} is null for a job added without a name. */
    record Member(@Nullable String step, Record args, Consumer<JobOptions> options, List<String> after,
                  @Nullable UpstreamFailure onUpstreamFailure) {}

    /** A callback job and its options. */
    record Callback(Record args, Consumer<JobOptions> options) {}

    String description = "";
    final Map<String, String> metadata = new LinkedHashMap<>();
    @Nullable Long parentId;
    UpstreamFailure onUpstreamFailure = UpstreamFailure.CANCEL;
    final List<Member> members = new ArrayList<>();
    final Map<BatchCallback.Event, Callback> callbacks = new EnumMap<>(BatchCallback.Event.class);

    BatchOptions() {}

    /** What the batch is, for operators; at most {@value #MAX_DESCRIPTION_CHARS} characters. Default empty. */
    public BatchOptions description(String description) {
        Objects.requireNonNull(description, "description");
        if (description.length() > MAX_DESCRIPTION_CHARS) {
            throw new IllegalArgumentException("description must be at most " + MAX_DESCRIPTION_CHARS
                    + " characters, was " + description.length());
        }
        this.description = description;
        return this;
    }

    /** Adds context such as the tenant or the import the batch belongs to. */
    public BatchOptions meta(String key, String value) {
        metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Makes this batch a child of an unfinished batch: the parent does not finish before this one has,
     * and counts it as one job (completed if it succeeded, failed otherwise). From a job of the parent:
     * {@code b.parent(ctx.batchId().getAsLong())}. A parent that does not exist or has finished fails
     * the enqueue.
     */
    public BatchOptions parent(long batchId) {
        if (batchId < 1) {
            throw new IllegalArgumentException("parent batch id must be ≥ 1, was " + batchId);
        }
        this.parentId = batchId;
        return this;
    }

    /** Enqueues {@code args} once, when every job has finished and all completed. */
    public BatchOptions onSuccess(Record args) {
        return onSuccess(args, o -> {});
    }

    /** {@link #onSuccess(Record)} with options for the callback job (queue, priority …, no run time). */
    public BatchOptions onSuccess(Record args, Consumer<JobOptions> options) {
        return callback(BatchCallback.Event.SUCCESS, args, options);
    }

    /** Enqueues {@code args} once, when every job has finished and at least one was discarded or cancelled. */
    public BatchOptions onFailure(Record args) {
        return onFailure(args, o -> {});
    }

    /** {@link #onFailure(Record)} with options for the callback job. */
    public BatchOptions onFailure(Record args, Consumer<JobOptions> options) {
        return callback(BatchCallback.Event.FAILURE, args, options);
    }

    /** Enqueues {@code args} once, when every job has finished, whatever the outcome. */
    public BatchOptions onComplete(Record args) {
        return onComplete(args, o -> {});
    }

    /** {@link #onComplete(Record)} with options for the callback job. */
    public BatchOptions onComplete(Record args, Consumer<JobOptions> options) {
        return callback(BatchCallback.Event.COMPLETE, args, options);
    }

    /** What a failed upstream step does to the steps waiting for it, unless a step says otherwise. Default {@code CANCEL}. */
    public BatchOptions onUpstreamFailure(UpstreamFailure policy) {
        this.onUpstreamFailure = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /** Adds a job with default options. */
    public BatchOptions add(Record args) {
        return add(args, o -> {});
    }

    /** Adds a job. */
    public BatchOptions add(Record args, Consumer<JobOptions> options) {
        members.add(new Member(null, Objects.requireNonNull(args, "args"), Objects.requireNonNull(options, "options"),
                List.of(), null));
        return this;
    }

    /** Adds jobs that share options. */
    public BatchOptions addAll(List<? extends Record> args, Consumer<JobOptions> options) {
        Objects.requireNonNull(args, "args").forEach(a -> add(a, options));
        return this;
    }

    /** Adds a named step, which other steps may wait for. */
    public BatchOptions step(String name, Record args) {
        return step(name, args, s -> {});
    }

    /** Adds a named step; {@code spec} says which steps it waits for and its job options. */
    public BatchOptions step(String name, Record args, Consumer<StepOptions> spec) {
        checkStepName(name);
        Objects.requireNonNull(args, "args");
        StepOptions step = new StepOptions();
        Objects.requireNonNull(spec, "spec").accept(step);
        for (Member member : members) {
            if (name.equals(member.step())) {
                throw new IllegalArgumentException("step \"" + name + "\" is added twice to the batch");
            }
        }
        members.add(new Member(name, args, step.options, List.copyOf(step.after), step.onUpstreamFailure));
        return this;
    }

    private BatchOptions callback(BatchCallback.Event event, Record args, Consumer<JobOptions> options) {
        callbacks.put(event, new Callback(Objects.requireNonNull(args, "args"), Objects.requireNonNull(options, "options")));
        return this;
    }

    static String checkStepName(String name) {
        Objects.requireNonNull(name, "step name");
        if (name.isBlank() || name.length() > MAX_STEP_NAME_CHARS || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("step name must be 1-" + MAX_STEP_NAME_CHARS
                    + " characters without control characters, was \"" + Names.printable(name) + "\"");
        }
        return name;
    }
}
