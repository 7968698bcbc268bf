package dev.stevedore.test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The test's clock: the system clock plus everything {@link StevedoreTest#advance advanced} so far. Time
 * keeps flowing between jumps, so nothing that measures elapsed time stalls, and it never goes back.
 */
final class VirtualClock implements InstantSource {
    private final AtomicReference<Duration> shift = new AtomicReference<>(Duration.ZERO);

    @Override
    public Instant instant() {
        return Instant.now().plus(shift.get());
    }

    /** Jumps ahead by {@code by}; returns how far ahead of the system clock this clock now runs. */
    Duration advance(Duration by) {
        return shift.updateAndGet(total -> total.plus(by));
    }
}
