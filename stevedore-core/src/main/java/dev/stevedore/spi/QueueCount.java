package dev.stevedore.spi;

import dev.stevedore.JobState;

/**
 * How many jobs of one queue are in one state. SPI record.
 *
 * @param queue     the queue
 * @param state     the state
 * @param count     how many
 * @param estimated whether {@code count} is an estimate: a store may estimate the finished states of a
 *                  large table (see {@link Store#queueCounts()}); unfinished states are always exact
 */
public record QueueCount(String queue, JobState state, long count, boolean estimated) {
    /** An exact count. */
    public QueueCount(String queue, JobState state, long count) {
        this(queue, state, count, false);
    }
}
