package dev.stevedore.spi;

import dev.stevedore.JobState;

/**
 * The result of inserting a unique job. SPI record.
 *
 * @param id       the new job's id, or the id of the existing job that holds the key
 * @param state    the new job's state, or the existing job's state when it was read
 * @param inserted true when a new row was inserted, false when a duplicate refused it
 */
public record UniqueInsert(long id, JobState state, boolean inserted) {}
