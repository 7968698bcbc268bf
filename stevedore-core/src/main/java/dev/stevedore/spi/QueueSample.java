package dev.stevedore.spi;

import java.time.Instant;

/**
 * A queue's ready and running job counts at one moment, taken by the leader once a minute so that
 * queue health can tell a backlog that grows from one that drains. SPI record.
 *
 * @param queue   the queue
 * @param at      when the counts were read (the store's clock)
 * @param ready   jobs {@code available} then
 * @param running jobs {@code running} then
 */
public record QueueSample(String queue, Instant at, long ready, long running) {}
