package dev.stevedore;

import dev.stevedore.spi.Completion;
import java.time.Duration;

/** How an execution ends: what to write back and what to tell listeners. */
record Settlement(Completion completion, JobEvent.Type eventType, Job job, Duration duration) {
    JobEvent event() {
        return new JobEvent(eventType, job, duration, completion.error());
    }
}
