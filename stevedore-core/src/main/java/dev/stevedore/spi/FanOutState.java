package dev.stevedore.spi;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Where one run of a fan-out stands. SPI record.
 *
 * @param name       the fan-out
 * @param run        the run
 * @param startedAt  when the run started (store clock): every item's time slot counts from here
 * @param cursor     the source's cursor after the items handled, or null before the first page
 * @param position   how many items were handled: the index of the next one
 * @param enqueued   how many jobs were inserted (duplicates not counted)
 * @param finishedAt when the source ran out, or null while items remain
 */
public record FanOutState(String name, String run, Instant startedAt, @Nullable String cursor, long position,
        long enqueued, @Nullable Instant finishedAt) {}
