package dev.stevedore;

import dev.stevedore.spi.Completion;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** How an execution ends: what to write back and what to tell listeners. */
record Settlement(Completion completion, JobEvent.Type eventType, Job job, Duration duration) {
    /** This settlement carrying what the handler recorded; itself when it recorded nothing. */
    Settlement withReport(@Nullable String output, Job.@Nullable Progress progress) {
        if (output == null && progress == null) {
            return this;
        }
        Completion c = completion;
        return new Settlement(new Completion(c.jobId(), c.attempt(), c.state(), c.runIn(), c.error(), c.attemptUse(),
                output, progress), eventType, job, duration);
    }

    /** Whether the attempt failed in a way that says the downstream struggles: a transient error or a timeout. */
    boolean blamesDownstream() {
        AttemptError error = completion.error();
        return error != null && (error.category() == ErrorCategory.TRANSIENT || error.category() == ErrorCategory.TIMEOUT);
    }

    JobEvent event() {
        return new JobEvent(eventType, job, duration, completion.error());
    }
}
