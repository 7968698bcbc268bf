package dev.stevedore.spi;

import dev.stevedore.Job;

/**
 * The latest progress of one running execution, written fenced by {@code (jobId, attempt)}. SPI record.
 *
 * @param jobId    the job
 * @param attempt  the execution's attempt; the write applies only while the job still runs it
 * @param progress what the handler reported last
 */
public record ProgressReport(long jobId, int attempt, Job.Progress progress) {}
