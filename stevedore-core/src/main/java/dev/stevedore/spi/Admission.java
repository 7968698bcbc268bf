package dev.stevedore.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Which claimed jobs passed their limits. SPI record.
 *
 * @param now      the store's clock when it decided
 * @param admitted jobs that may start; their concurrency is held until they leave {@code running}
 * @param refused  jobs that may not start yet, each with the earliest time worth trying again
 */
public record Admission(Instant now, Set<Long> admitted, Map<Long, Instant> refused) {
    public Admission {
        admitted = Set.copyOf(admitted);
        refused = Map.copyOf(refused);
    }
}
