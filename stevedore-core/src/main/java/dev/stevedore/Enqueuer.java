package dev.stevedore;

import dev.stevedore.spi.NewJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

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
        if (runAt != null && !runAt.isAfter(config.clock().instant())) {
            runAt = null;
        }
        JobState state = runAt != null || !delay.isZero() ? JobState.SCHEDULED : JobState.AVAILABLE;
        return new NewJob(kind, queue, codec.encode(args), options.priority != null ? options.priority : 0,
                maxAttempts, state, runAt, delay, options.timeout, options.tags, options.metadata);
    }

    static List<Enqueued> results(List<NewJob> jobs, List<Long> ids) {
        if (ids.size() != jobs.size()) {
            throw new IllegalStateException("store returned " + ids.size() + " ids for " + jobs.size() + " jobs");
        }
        List<Enqueued> out = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            out.add(new Enqueued(ids.get(i), jobs.get(i).state()));
        }
        return out;
    }
}
