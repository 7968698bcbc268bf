package dev.stevedore.test;

import dev.stevedore.Job;
import dev.stevedore.JobState;
import java.util.List;

/**
 * What one {@link StevedoreTest#drainUntilIdle()} did.
 *
 * @param rounds   rounds of staging, cron, batch sweep and runs it took until a round found nothing to do
 * @param ran      every job that ran, in order, as stored at the end of the round it ran in (a retried job
 *                 shows {@code retryable}, a finished one its final state)
 * @param failures the runs whose handler threw (not deliberate outcomes such as a snooze) or whose job was
 *                 held (no handler for its kind), in order
 */
public record Drained(int rounds, List<Job> ran, List<JobFailedError> failures) {
    public Drained {
        ran = List.copyOf(ran);
        failures = List.copyOf(failures);
    }

    /** How many of the runs left their job in {@code state}. */
    public long count(JobState state) {
        return ran.stream().filter(job -> job.state() == state).count();
    }
}
