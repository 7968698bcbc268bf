package dev.stevedore;

import java.time.Instant;

/**
 * What a {@link CronControl#backfill} did.
 *
 * @param name     the schedule
 * @param from     the range's start, included
 * @param to       the range's end, excluded
 * @param ticks    the ticks of the expression in the range
 * @param enqueued how many of them got a new job; the others had one already
 */
public record CronBackfill(String name, Instant from, Instant to, int ticks, int enqueued) {}
