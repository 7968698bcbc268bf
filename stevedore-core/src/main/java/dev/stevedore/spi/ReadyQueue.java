package dev.stevedore.spi;

import java.time.Instant;

/**
 * A queue that has jobs ready to run ({@code available}), with when its longest-waiting one became due:
 * the queue's latency is the store's now minus {@code oldestDueAt}. SPI record.
 *
 * @param queue       the queue
 * @param oldestDueAt the earliest {@code scheduled_at} among its available jobs
 */
public record ReadyQueue(String queue, Instant oldestDueAt) {}
