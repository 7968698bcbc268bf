package dev.stevedore;

import dev.stevedore.spi.Completion;
import dev.stevedore.spi.Completion.AttemptUse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.InstantSource;
import org.jspecify.annotations.Nullable;

/**
 * Decides how an execution ends, from what the handler did: the one place where outcomes, error
 * categories, actions, attempts and backoff meet. Pure apart from the clock; unit-tested directly.
 */
final class Settler {
    /** Stacks are kept for operators, but bounded: a deep recursion must not bloat the job row. */
    static final int MAX_STACK_CHARS = 8_000;
    static final int MAX_MESSAGE_CHARS = 2_000;

    private final Classifier classifier;
    private final Defaults defaults;
    private final String nodeId;
    private final InstantSource clock;

    Settler(Classifier classifier, Defaults defaults, String nodeId, InstantSource clock) {
        this.classifier = classifier;
        this.defaults = defaults;
        this.nodeId = nodeId;
        this.clock = clock;
    }

    Settlement completed(Job job, Duration ran) {
        return settle(job, ran, JobState.COMPLETED, Duration.ZERO, null, AttemptUse.CONSUMED, JobEvent.Type.COMPLETED);
    }

    /** The handler threw {@code thrown}, possibly after being interrupted for {@code interruption}. */
    Settlement failed(Job job, @Nullable Registration<?> registration, Throwable thrown,
                       Execution.Interruption interruption, Duration ran) {
        if (interruption == Execution.Interruption.SHUTDOWN) {
            return handedBack(job, ran);
        }
        if (interruption == Execution.Interruption.CANCEL) {
            return cancelledOnRequest(job, ran);
        }
        if (thrown instanceof Outcome.Snooze snooze) {
            return settle(job, ran, JobState.SCHEDULED, snooze.delay(), null, AttemptUse.REFUNDED, JobEvent.Type.SNOOZED);
        }
        if (thrown instanceof Outcome.RateLimited limited) {
            Duration wait = Duration.between(clock.instant(), limited.until());
            return throttled(job, wait.isNegative() ? Duration.ZERO : wait, ran);
        }
        if (thrown instanceof Outcome.Cancel) {
            return settle(job, ran, JobState.CANCELLED, Duration.ZERO,
                    error(job, thrown, ErrorCategory.PERMANENT, ran), AttemptUse.CONSUMED, JobEvent.Type.CANCELLED);
        }
        if (thrown instanceof Outcome.Discard) {
            return settle(job, ran, JobState.DISCARDED, Duration.ZERO,
                    error(job, thrown, ErrorCategory.PERMANENT, ran), AttemptUse.CONSUMED, JobEvent.Type.DISCARDED);
        }
        if (thrown instanceof Outcome.RetryAfter retryAfter) {
            return retryOrDiscard(job, error(job, thrown, ErrorCategory.TRANSIENT, ran), retryAfter.delay(), ran);
        }
        ErrorCategory category = interruption == Execution.Interruption.TIMEOUT
                ? ErrorCategory.TIMEOUT : classifier.classify(thrown);
        AttemptError attemptError = error(job, thrown, category, ran);
        return switch (classifier.actionFor(category)) {
            case HOLD -> settle(job, ran, JobState.HELD, Duration.ZERO, attemptError, AttemptUse.CONSUMED, JobEvent.Type.HELD);
            case DISCARD -> settle(job, ran, JobState.DISCARDED, Duration.ZERO, attemptError, AttemptUse.CONSUMED,
                    JobEvent.Type.DISCARDED);
            case RETRY -> retryOrDiscard(job, attemptError, retryPolicy(registration).delayAfter(job.attempt()), ran);
        };
    }

    /** No handler for the kind on this node: held, since a node with the handler may be deployed later. */
    Settlement unknownKind(Job job, java.util.Set<String> knownKinds) {
        AttemptError error = new AttemptError(job.attempt(), clock.instant(), nodeId, "dev.stevedore.UnknownKind",
                "no handler for kind \"" + job.kind() + "\" on node " + nodeId + " (it handles " + knownKinds
                        + "); held until an operator retries it after deploying a handler, or cancels it",
                "", ErrorCategory.CODE, Duration.ZERO);
        return settle(job, Duration.ZERO, JobState.HELD, Duration.ZERO, error, AttemptUse.CONSUMED, JobEvent.Type.HELD);
    }

    /** Held back by a limit or an open breaker before it started: waits {@code wait}, no attempt used. */
    Settlement throttled(Job job, Duration wait, Duration ran) {
        return settle(job, ran, JobState.SCHEDULED, wait, null, AttemptUse.REFUNDED, JobEvent.Type.SNOOZED);
    }

    /** Interrupted by a graceful shutdown: available again at once, without using an attempt. */
    Settlement handedBack(Job job, Duration ran) {
        return settle(job, ran, JobState.AVAILABLE, Duration.ZERO, null, AttemptUse.REFUNDED, JobEvent.Type.SNOOZED);
    }

    /**
     * An operator's cancel reached the execution and the handler threw (or ignored the interrupt for
     * the whole grace): cancelled, no further attempts. The reason is the job's cancellation, not an error.
     */
    Settlement cancelledOnRequest(Job job, Duration ran) {
        return settle(job, ran, JobState.CANCELLED, Duration.ZERO, null, AttemptUse.CONSUMED, JobEvent.Type.CANCELLED);
    }

    /** The thread ignored its timeout interrupt for the whole grace: recorded as a timeout now. */
    Settlement abandonedAfterTimeout(Job job, @Nullable Registration<?> registration, Duration ran, Duration grace) {
        var stuck = new java.util.concurrent.TimeoutException("attempt timed out and its thread ignored the interrupt for "
                + grace + "; the thread was abandoned and its slot freed");
        return failed(job, registration, stuck, Execution.Interruption.TIMEOUT, ran);
    }

    private Settlement retryOrDiscard(Job job, AttemptError error, Duration delay, Duration ran) {
        if (job.attempt() >= job.maxAttempts()) {
            return settle(job, ran, JobState.DISCARDED, Duration.ZERO, error, AttemptUse.CONSUMED, JobEvent.Type.DISCARDED);
        }
        return settle(job, ran, JobState.RETRYABLE, delay, error, AttemptUse.CONSUMED, JobEvent.Type.RETRY_SCHEDULED);
    }

    private RetryPolicy retryPolicy(@Nullable Registration<?> registration) {
        if (registration != null && registration.options().retryPolicy != null) {
            return registration.options().retryPolicy;
        }
        return defaults.retryPolicy();
    }

    private static Settlement settle(Job job, Duration ran, JobState state, Duration runIn, @Nullable AttemptError error,
                                     AttemptUse use, JobEvent.Type type) {
        return new Settlement(new Completion(job.id(), job.attempt(), state, runIn, error, use), type, job, ran);
    }

    private AttemptError error(Job job, Throwable thrown, ErrorCategory category, Duration ran) {
        String message = thrown.getMessage() == null ? "" : thrown.getMessage();
        return new AttemptError(job.attempt(), clock.instant(), nodeId, thrown.getClass().getName(),
                truncate(message, MAX_MESSAGE_CHARS), stackOf(thrown), category, ran);
    }

    static String stackOf(Throwable thrown) {
        if (thrown instanceof Outcome) {
            return "";
        }
        StringWriter out = new StringWriter();
        thrown.printStackTrace(new PrintWriter(out));
        return truncate(out.toString(), MAX_STACK_CHARS);
    }

    /**
     * Bounds the text and drops NUL characters: exception messages can carry anything, and one
     * unstorable error must not block the completion of a whole batch.
     */
    static String truncate(String s, int max) {
        String clean = s.indexOf('\0') >= 0 ? s.replace("\0", "") : s;
        return clean.length() <= max ? clean : clean.substring(0, max) + "… [" + (clean.length() - max) + " more characters]";
    }
}
