package dev.stevedore;

import java.time.Instant;

/**
 * A finished {@linkplain Stevedore#fanOut fan-out} run.
 *
 * @param name       the fan-out
 * @param run        the run
 * @param startedAt  when the run first started (store clock): the first slot begins here
 * @param finishedAt when the source ran out
 * @param items      the items the source returned, over every attempt of the run
 * @param enqueued   the jobs inserted; fewer than {@code items} when items repeated a job
 */
public record FanOutResult(String name, String run, Instant startedAt, Instant finishedAt, long items, long enqueued) {}
