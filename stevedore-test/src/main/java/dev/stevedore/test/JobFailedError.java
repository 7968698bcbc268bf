package dev.stevedore.test;

import dev.stevedore.AttemptError;
import dev.stevedore.Job;
import dev.stevedore.JobState;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A job's handler threw while a test ran it: the job is {@link #job()} as stored after that attempt (its
 * retry scheduled, or discarded or held, as the node's error handling decided) and the cause is what the
 * handler threw. A job held because no handler is registered for its kind fails too, without a cause:
 * the message carries the error the node recorded. Thrown by every call of an {@linkplain StevedoreTest.Mode#INLINE inline} test that runs jobs;
 * listed by {@link Drained#failures()} in manual mode. An {@link AssertionError}, so that code under test
 * catching {@code Exception} does not hide it. Deliberate outcomes ({@code Outcome.snooze}, {@code discard},
 * {@code cancel}, {@code retryAfter}) are not failures.
 */
public final class JobFailedError extends AssertionError {
    private static final long serialVersionUID = 1L;
    private final transient Job job;

    JobFailedError(Job job, @Nullable Throwable cause) {
        super(describe(Objects.requireNonNull(job, "job"), cause), cause);
        this.job = job;
    }

    /** The job as stored after the failed attempt. */
    public Job job() {
        return job;
    }

    private static String describe(Job job, @Nullable Throwable cause) {
        AttemptError last = job.errors().isEmpty() ? null : job.errors().getLast();
        // Without a cause the runtime itself refused the job (no handler for its kind): its error says why.
        Object why = cause != null ? cause : last != null ? last.errorClass() + ": " + last.message() : "no error recorded";
        StringBuilder text = new StringBuilder("job ").append(job.id()).append(" (kind \"").append(job.kind())
                .append("\", queue \"").append(job.queue()).append("\") failed on attempt ").append(job.attempt())
                .append(" of ").append(job.maxAttempts()).append(": ").append(why).append("; it is now ")
                .append(job.state().dbName());
        if (job.state() == JobState.RETRYABLE) {
            text.append(", next attempt due at ").append(job.scheduledAt())
                    .append(" (advance the test's clock to run it)");
        }
        if (last != null) {
            text.append(" [error category ").append(last.category()).append(']');
        }
        return text.toString();
    }
}
