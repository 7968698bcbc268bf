package dev.stevedore;

/**
 * The code that performs one kind of job.
 *
 * <p>Returning normally completes the job. Throwing an {@link Outcome} snoozes, cancels, discards or
 * retries it explicitly; any other exception is classified by the {@link ErrorClassifier} and retried,
 * held for an operator or discarded accordingly. Handlers run on virtual threads and must respond to
 * interruption (timeouts and shutdown interrupt them). Execution is at-least-once: a handler whose
 * effect must happen once should be idempotent.
 *
 * @param <T> the job-argument record
 */
@FunctionalInterface
public interface JobHandler<T extends Record> {
    /** Performs the job described by {@code args}. */
    void handle(JobContext ctx, T args) throws Exception;
}
