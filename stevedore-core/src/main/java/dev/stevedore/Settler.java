package dev.stevedore;

import dev.stevedore.spi.Completion;
import dev.stevedore.spi.Completion.AttemptUse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
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

    /**
     * The handler threw {@code thrown}, possibly after being interrupted for {@code interruption};
     * {@code limit} is the time limit behind a {@code TIMEOUT} interruption.
     */
    Settlement failed(Job job, @Nullable Registration<?> registration, Throwable thrown,
                       Execution.Interruption interruption, @Nullable LimitReached limit, Duration ran) {
        if (interruption == Execution.Interruption.SHUTDOWN) {
            return handedBack(job, ran);
        }
        if (interruption == Execution.Interruption.CANCEL) {
            return cancelledOnRequest(job, ran);
        }
        if (thrown instanceof Outcome.Snooze snooze) {
            return rescheduled(job, snooze.delay(), ran, "snoozed");
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
        if (interruption == Execution.Interruption.TIMEOUT) {
            return timedOut(job, registration, limit == null ? error(job, thrown, ErrorCategory.TIMEOUT, ran)
                    : limitError(job, limit, "the handler was interrupted and threw " + thrown, stackOf(thrown), ran), ran);
        }
        ErrorCategory category = classifier.classify(thrown);
        return act(job, registration, category, error(job, thrown, category, ran), ran);
    }

    /** A time limit interrupted the attempt: recorded as a timeout and handled as the timeout category says. */
    private Settlement timedOut(Job job, @Nullable Registration<?> registration, AttemptError attemptError, Duration ran) {
        return act(job, registration, ErrorCategory.TIMEOUT, attemptError, ran);
    }

    /** What the classifier says to do with a failure of {@code category}. */
    private Settlement act(Job job, @Nullable Registration<?> registration, ErrorCategory category,
                           AttemptError attemptError, Duration ran) {
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
        return rescheduled(job, wait, ran, "held back by flow control");
    }

    /**
     * Runs the job again after {@code wait} without using an attempt, unless it would then be past its
     * job deadline: then it is discarded now rather than left to wait for nothing.
     */
    private Settlement rescheduled(Job job, Duration wait, Duration ran, String why) {
        Instant deadline = job.deadline();
        if (deadline != null && Deadlines.tooLateToRunAgain(job, ran, wait) != null) {
            LimitReached late = LimitReached.waitPastDeadline(why, wait, deadline);
            return settle(job, ran, JobState.DISCARDED, Duration.ZERO, limitError(job, late, "", "", ran),
                    AttemptUse.CONSUMED, JobEvent.Type.DISCARDED);
        }
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

    /**
     * The thread ignored the interrupt of {@code limit} (null: a limit not known here) for the whole
     * grace: recorded as a timeout now.
     */
    Settlement abandonedAfterTimeout(Job job, @Nullable Registration<?> registration, @Nullable LimitReached limit,
                                     Duration ran, Duration grace) {
        LimitReached reached = limit != null ? limit
                : new LimitReached(LimitReached.ATTEMPT_TIMEOUT, "attempt timed out");
        return timedOut(job, registration, limitError(job, reached, "its thread ignored the interrupt for " + grace
                + "; the thread was abandoned and its slot freed", "", ran), ran);
    }

    /**
     * A claimed job that must not run, because a start or job deadline passed: discarded, with the
     * limit as its error, without running its handler.
     */
    Settlement expired(Job job, LimitReached limit) {
        return settle(job, Duration.ZERO, JobState.DISCARDED, Duration.ZERO, limitError(job, limit, "", "", Duration.ZERO),
                AttemptUse.CONSUMED, JobEvent.Type.DISCARDED);
    }

    /**
     * Retries unless the job is out of attempts or the retry would start after the job deadline; then
     * it is discarded, the error saying so.
     */
    private Settlement retryOrDiscard(Job job, AttemptError error, Duration delay, Duration ran) {
        if (job.attempt() >= job.maxAttempts()) {
            return settle(job, ran, JobState.DISCARDED, Duration.ZERO, error, AttemptUse.CONSUMED, JobEvent.Type.DISCARDED);
        }
        String tooLate = Deadlines.tooLateToRunAgain(job, ran, delay);
        if (tooLate != null) {
            AttemptError explained = new AttemptError(error.attempt(), error.at(), error.node(), error.errorClass(),
                    truncate(error.message(), MAX_MESSAGE_CHARS) + " [" + tooLate + "]", error.stack(), error.category(),
                    error.duration());
            return settle(job, ran, JobState.DISCARDED, Duration.ZERO, explained, AttemptUse.CONSUMED,
                    JobEvent.Type.DISCARDED);
        }
        return settle(job, ran, JobState.RETRYABLE, delay, error, AttemptUse.CONSUMED, JobEvent.Type.RETRY_SCHEDULED);
    }

    /** The error of an attempt a time limit ended: the limit's class and message, then what followed. */
    private AttemptError limitError(Job job, LimitReached limit, String followed, String stack, Duration ran) {
        String message = followed.isEmpty() ? limit.message() : limit.message() + "; " + truncate(followed, MAX_MESSAGE_CHARS);
        return new AttemptError(job.attempt(), clock.instant(), nodeId, limit.errorClass(), message, stack,
                ErrorCategory.TIMEOUT, ran);
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
