package dev.stevedore.spi;

import dev.stevedore.JobState;

/**
 * How many jobs of one queue are in one state. SPI record.
 *
 * @param queue the queue
 * @param state the state
 * @param count how many
 */
public record QueueCount(String queue, JobState state, long count) {}
