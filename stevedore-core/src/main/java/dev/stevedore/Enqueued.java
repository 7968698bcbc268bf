package dev.stevedore;

/**
 * The result of enqueuing one job.
 *
 * @param id    the job's id
 * @param state the state it was stored in ({@link JobState#AVAILABLE} or {@link JobState#SCHEDULED})
 */
public record Enqueued(long id, JobState state) {}
