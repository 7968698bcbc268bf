package dev.stevedore;

import java.time.Instant;

/**
 * A queue paused cluster-wide ({@link Stevedore#pauseQueue(String)}): no node claims its jobs until it
 * is resumed.
 *
 * @param queue    the queue
 * @param pausedAt when it was paused (store clock)
 */
public record PausedQueue(String queue, Instant pausedAt) {}
