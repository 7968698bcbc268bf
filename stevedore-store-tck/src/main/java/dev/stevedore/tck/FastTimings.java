package dev.stevedore.tck;

import dev.stevedore.Stevedore;
import dev.stevedore.StevedoreBuilder;
import dev.stevedore.spi.Store;
import java.time.Duration;

/** A node whose background loops (claims, the leader's checks, heartbeats) react within tens of milliseconds. */
final class FastTimings {
    private FastTimings() {}

    static StevedoreBuilder builder(Store store) {
        return Stevedore.builder()
                .store(store)
                .pollInterval(Duration.ofMillis(50))
                .stageInterval(Duration.ofMillis(50))
                .heartbeat(Duration.ofMillis(100), Duration.ofMillis(300))
                .shutdownGrace(Duration.ofMillis(200))
                .interruptGrace(Duration.ofMillis(200));
    }
}
