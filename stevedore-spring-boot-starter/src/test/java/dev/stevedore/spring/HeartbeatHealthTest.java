package dev.stevedore.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.spi.Store;
import dev.stevedore.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * The health indicator judges this node's heartbeat by the store's clock: an SQLite store whose clock
 * the test moves past the rescue threshold, while the node's next beat is minutes away.
 */
class HeartbeatHealthTest {
    @TempDir Path dir;

    @Test
    void downWhenTheLastHeartbeatIsOlderThanTheRescueThreshold() {
        StoreClock clock = new StoreClock();
        SqliteContext.on(dir.resolve("unused.db"))
                // The application's own store: the starter's backs off, and migrating is the application's to do.
                .withBean(Store.class, () -> migrated(SqliteStore.builder().file(dir.resolve("jobs.db")).clock(clock).build()))
                .withPropertyValues("stevedore.heartbeat.interval=5m", "stevedore.heartbeat.rescue-after=15m")
                .run(context -> {
                    StevedoreHealthIndicator indicator = context.getBean(StevedoreHealthIndicator.class);
                    assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

                    clock.ahead.set(Duration.ofMinutes(16));

                    Health health = indicator.health();
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat((List<?>) health.getDetails().get("problems")).singleElement().asString()
                            .matches("last heartbeat 9\\d\\d s ago, over the rescue threshold of 900 s");
                });
    }

    private static Store migrated(SqliteStore store) {
        store.migrateUp();
        return store;
    }

    /** The wall clock, moved ahead at will. */
    static final class StoreClock implements InstantSource {
        final AtomicReference<Duration> ahead = new AtomicReference<>(Duration.ZERO);

        @Override
        public Instant instant() {
            return Instant.now().plus(ahead.get());
        }
    }
}
