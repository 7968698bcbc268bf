package dev.stevedore.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.postgres.PgTestDatabase;
import dev.stevedore.postgres.outage.FaultProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The health indicator while the database is out of reach: the application's pool reaches PostgreSQL
 * through a relay that the test cuts (the shared server is never touched).
 */
@ExtendWith(DropsSchemas.class)
@SpringBootTest(properties = {
        "stevedore.dashboard.enabled=false",
        // Fail a borrow within a second while the relay is cut, not after HikariCP's 30 s.
        "spring.datasource.hikari.connection-timeout=1000"})
@DirtiesContext
class StoreUnreachableHealthTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ShopDatabase DATABASE = new ShopDatabase();
    private static final FaultProxy RELAY = relay();

    @Autowired HealthEndpoint health;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DATABASE.register(registry, RELAY.relayed(PgTestDatabase.url()));
    }

    @AfterAll
    static void closeRelay() {
        RELAY.close();
    }

    @Test
    void downWithTheErrorWhileTheStoreIsOutOfReachThenUpAgain() {
        await().atMost(PATIENCE).until(() -> stevedore().getStatus().equals(Status.UP));

        RELAY.cut();
        try {
            await().atMost(PATIENCE).until(() -> stevedore().getStatus().equals(Status.DOWN));
            assertThat(stevedore().getDetails()).containsKey("error");
        } finally {
            RELAY.restore();
        }

        await().atMost(PATIENCE).until(() -> stevedore().getStatus().equals(Status.UP));
    }

    private Health stevedore() {
        return (Health) health.healthForPath("stevedore");
    }

    private static FaultProxy relay() {
        try {
            return FaultProxy.inFrontOfTestDatabase();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
