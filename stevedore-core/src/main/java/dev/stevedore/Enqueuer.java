package dev.stevedore;

import dev.stevedore.spi.NewJob;
import dev.stevedore.spi.UniqueInsert;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** Turns records and options into rows to insert, resolving options against the kind and the defaults. */
final class Enqueuer {
    private final NodeConfig config;
    private final ArgsCodec codec;

    Enqueuer(NodeConfig config, ArgsCodec codec) {
        this.config = config;
        this.codec = codec;
    }

    List<NewJob> prepare(List<? extends Record> args, Consumer<JobOptions> optionsSetter) {
        Objects.requireNonNull(args, "args");
        Objects.requireNonNull(optionsSetter, "options");
        JobOptions options = new JobOptions();
        optionsSetter.accept(options);
        List<NewJob> jobs = new ArrayList<>(args.size());
        for (Record record : args) {
            jobs.add(prepare(Objects.requireNonNull(record, "job arguments must not be null"), options));
        }
        return jobs;
    }

    /** One job with its own options, as a batch member or callback is prepared. */
    NewJob prepare(Record args, Consumer<JobOptions> optionsSetter) {
        JobOptions options = new JobOptions();
        Objects.requireNonNull(optionsSetter, "options").accept(options);
        return prepare(args, options);
    }

    private NewJob prepare(Record args, JobOptions options) {
        String kind = Kinds.of(args.getClass());
        Registration<?> registration = config.handlers().get(kind);
        KindOptions kindOptions = registration != null ? registration.options() : null;
        String queue = options.queue != null ? options.queue
                : kindOptions != null && kindOptions.queue != null ? kindOptions.queue : StevedoreBuilder.DEFAULT_QUEUE;
        int maxAttempts = options.maxAttempts != null ? options.maxAttempts
                : kindOptions != null && kindOptions.maxAttempts != null ? kindOptions.maxAttempts
                : config.defaults().maxAttempts();
        Instant runAt = options.runAt;
        Duration delay = options.delay != null ? options.delay : Duration.ZERO;
        // A run-at in the past means now; a future one (by this JVM's clock) is scheduled and the
        // leader's stager releases it by the store's clock.
        Instant now = config.clock().instant();
        if (runAt != null && !runAt.isAfter(now)) {
            runAt = null;
        }
        // As far as a delay may reach: beyond it is a unit mistake, and the year 300000 overflows the stores' clocks.
        if (runAt != null && runAt.isAfter(now.plus(JobOptions.MAX_DELAY))) {
            throw new IllegalArgumentException("runAt must be at most " + JobOptions.MAX_DELAY.toDays()
                    + " days ahead, like a delay, was " + runAt);
        }
        JobState state = runAt != null || !delay.isZero() ? JobState.SCHEDULED : JobState.AVAILABLE;
        String json = codec.encode(args);
        Unique unique = options.unique != null ? options.unique : kindOptions != null ? kindOptions.unique : null;
        return new NewJob(kind, queue, json, options.priority != null ? options.priority : 0,
                maxAttempts, state, runAt, delay, options.timeout, options.tags, JobTracing.withTraceContext(options.metadata),
                unique == null ? null : UniqueKeys.of(unique, kind, queue, args, json),
                limits(options, kindOptions, runAt, delay), config.flow().concurrencyKeys(kind, queue, json));
    }

    /**
     * The enqueue's start and job deadlines, else the kind's, and the enqueue's heartbeat timeout (the
     * kind's is read where the job runs, like its timeout). A job whose deadline comes before it is
     * even due could never run: that is refused here rather than discarded later.
     */
    private NewJob.TimeLimits limits(JobOptions options, @Nullable KindOptions kindOptions, @Nullable Instant runAt,
                                     Duration delay) {
        Duration startWithin = options.startWithin != null ? options.startWithin
                : kindOptions != null ? kindOptions.startWithin : null;
        Instant deadlineAt = options.deadlineAt;
        Duration deadlineIn = options.deadlineIn != null || deadlineAt != null ? options.deadlineIn
                : kindOptions != null ? kindOptions.deadline : null;
        if (deadlineAt != null || deadlineIn != null) {
            Instant now = config.clock().instant();
            Instant due = runAt != null ? runAt : now.plus(delay);
            Instant deadline = deadlineAt != null ? deadlineAt : now.plus(deadlineIn);
            if (!deadline.isAfter(now)) {
                throw new IllegalArgumentException("deadline " + deadline + " has already passed (now " + now
                        + "): the job could never run; give a later deadline or none");
            }
            if (!due.isBefore(deadline)) {
                throw new IllegalArgumentException("the job is due at " + due + ", not before its deadline "
                        + deadline + ": it could never run; schedule it earlier or give a later deadline");
            }
        }
        if (startWithin == null && deadlineAt == null && deadlineIn == null && options.heartbeatTimeout == null) {
            return NewJob.TimeLimits.NONE;
        }
        return new NewJob.TimeLimits(startWithin, deadlineAt, deadlineIn, options.heartbeatTimeout);
    }

    /**
     * The store's two insert paths, with the caller's connection ({@code E} = SQLException) or the
     * store's own ({@code E} = RuntimeException: nothing checked to catch).
     */
    interface Inserts<E extends Exception> {
        List<Long> many(List<NewJob> jobs) throws E;

        UniqueInsert unique(NewJob job) throws E;
    }

    /**
     * Inserts {@code jobs} and returns their results in input order: ordinary jobs in one batch,
     * unique ones one at a time (each must learn whether a duplicate refused it).
     */
    static <E extends Exception> List<Enqueued> insert(List<NewJob> jobs, Inserts<E> store) throws E {
        List<NewJob> ordinary = new ArrayList<>(jobs.size());
        for (NewJob job : jobs) {
            if (job.unique() == null) {
                ordinary.add(job);
            }
        }
        List<Long> ids = ordinary.isEmpty() ? List.of() : store.many(ordinary);
        if (ids.size() != ordinary.size()) {
            throw new IllegalStateException("store returned " + ids.size() + " ids for " + ordinary.size() + " jobs");
        }
        List<Enqueued> out = new ArrayList<>(jobs.size());
        int next = 0;
        for (NewJob job : jobs) {
            if (job.unique() == null) {
                out.add(new Enqueued(ids.get(next++), job.state()));
            } else {
                UniqueInsert result = store.unique(job);
                out.add(new Enqueued(result.id(), result.state(), !result.inserted()));
            }
        }
        return out;
    }
}
