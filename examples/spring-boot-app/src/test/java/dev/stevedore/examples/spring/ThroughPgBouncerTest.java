package dev.stevedore.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.JobKind;
import dev.stevedore.JobState;
import dev.stevedore.Stevedore;
import dev.stevedore.postgres.PgTestDatabase;
import dev.stevedore.postgres.bouncer.PgBouncer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import dev.stevedore.spring.StevedoreJob;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The shop with its DataSource behind PgBouncer in transaction mode and {@code stevedore.store.listen-url}
 * pointing straight at PostgreSQL: a job another program enqueues through the SQL function wakes the node
 * at once, though the node polls only once a minute (a LISTEN through the pooler would never hear it).
 */
@ExtendWith(DropsSchemas.class)
@SpringBootTest(properties = {"stevedore.dashboard.enabled=false", "stevedore.poll-interval=60s", "spring.sql.init.mode=never"})
@DirtiesContext
class ThroughPgBouncerTest {
    private static final ShopDatabase DATABASE = new ShopDatabase();
    private static final List<String> PINGED = new CopyOnWriteArrayList<>();
    private static PgBouncer bouncer;

    @Autowired Stevedore stevedore;

    /** A job of the test's own: the shop's handlers need its tables, which a pooled session cannot find (no search_path). */
    @JobKind("shop.test.ping")
    record Ping(String text) {}

    static class Pinger {
        @StevedoreJob
        public void ping(Ping ping) {
            PINGED.add(ping.text());
        }
    }

    @TestConfiguration
    static class PingerConfiguration {
        @Bean
        Pinger pinger() {
            return new Pinger();
        }
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws Exception {
        Assumptions.assumeTrue(PgBouncer.installed(), PgBouncer.MISSING);
        bouncer = PgBouncer.start(3);
        // PgBouncer refuses the search_path startup parameter (pgjdbc's currentSchema): no schema of the
        // shop's own here, only Stevedore's, which the store qualifies in every statement.
        registry.add("spring.datasource.url", () -> bouncer.url("prepareThreshold=0"));
        registry.add("stevedore.store.schema", () -> DATABASE.jobsSchema);
        registry.add("stevedore.store.listen-url", PgTestDatabase::url);
    }

    @Test
    void aJobEnqueuedByAnotherProgramWakesTheNodeThroughTheDirectListenConnection() throws Exception {
        long id;
        try (Connection c = DriverManager.getConnection(PgTestDatabase.url()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT job_id FROM " + DATABASE.jobsSchema
                     + ".enqueue('shop.test.ping', '{\"text\": \"through the pooler\"}')")) {
            rs.next();
            id = rs.getLong(1);
        }

        // Well inside the minute between polls: only the notification can have started it.
        await().atMost(Duration.ofSeconds(20)).until(() -> stevedore.job(id).orElseThrow().state() == JobState.COMPLETED);
        assertThat(stevedore.job(id).orElseThrow().errors()).isEmpty();
        assertThat(PINGED).containsExactly("through the pooler");
    }
}
