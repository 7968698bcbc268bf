package dev.stevedore;

/**
 * The result of enqueuing one job.
 *
 * @param id    the job's id
 * @param state     the state it was stored in ({@link JobState#AVAILABLE} or {@link JobState#SCHEDULED}), or
 *                  for a duplicate the existing job's state when it was read
 * @param duplicate true when the job was not inserted because a job with its {@link Unique unique} key
 *                  already exists; {@code id} is then that job's id
 */
public record Enqueued(long id, JobState state, boolean duplicate) {
    /** A newly inserted job. */
    public Enqueued(long id, JobState state) {
        this(id, state, false);
    }
}
