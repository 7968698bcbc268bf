package dev.stevedore.spi;

import dev.stevedore.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A job to insert. SPI record.
 *
 * @param kind        the kind string
 * @param queue       the queue
 * @param args        the arguments as JSON text
 * @param priority    higher first
 * @param maxAttempts ≥ 1
 * @param state       {@code AVAILABLE} or {@code SCHEDULED}
 * @param runAt       when it becomes available, or null for "now + {@code delay}" on the store clock
 * @param delay       used when {@code runAt} is null; zero for now
 * @param timeout     per-attempt timeout, or null for the runtime default
 * @param tags        labels
 * @param metadata    context
 * @param unique      how the job is unique, or null for an ordinary job; such jobs go through
 *                    {@link Store#jobInsertUnique}, never {@link Store#jobInsertMany}
 */
public record NewJob(
        String kind,
        String queue,
        String args,
        int priority,
        int maxAttempts,
        JobState state,
        @Nullable Instant runAt,
        Duration delay,
        @Nullable Duration timeout,
        List<String> tags,
        Map<String, String> metadata,
        @Nullable UniqueKey unique) {

    public NewJob {
        if (state != JobState.AVAILABLE && state != JobState.SCHEDULED) {
            throw new IllegalArgumentException("new jobs are available or scheduled, was " + state);
        }
        tags = List.copyOf(tags);
        metadata = Map.copyOf(metadata);
    }

    /** Throws {@link IllegalArgumentException} if any of {@code jobs} is unique (they have their own insert). */
    public static void checkOrdinary(List<NewJob> jobs) {
        for (int i = 0; i < jobs.size(); i++) {
            if (jobs.get(i).unique() != null) {
                throw new IllegalArgumentException("job " + i + " (" + jobs.get(i).kind()
                        + ") has a unique key: insert it with jobInsertUnique");
            }
        }
    }

    /** An ordinary job, without uniqueness. */
    public NewJob(String kind, String queue, String args, int priority, int maxAttempts, JobState state,
            @Nullable Instant runAt, Duration delay, @Nullable Duration timeout, List<String> tags,
            Map<String, String> metadata) {
        this(kind, queue, args, priority, maxAttempts, state, runAt, delay, timeout, tags, metadata, null);
    }
}
