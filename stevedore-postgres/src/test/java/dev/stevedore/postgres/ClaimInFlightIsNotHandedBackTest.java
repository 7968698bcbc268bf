package dev.stevedore.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.JobKind;
import dev.stevedore.Stevedore;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Regression (found by the chaos suite): a node handed back jobs it was about to run. Its claim had
 * committed, but the jobs were not in its buffer yet — the claim was still in flight, here waiting for
 * a rate lease — when its periodic check for jobs "recorded as running here that it does not hold" ran.
 * Claimed longer ago than the rescue window, they were handed back, ran again elsewhere, and the first
 * run's outcome was refused: one job, two successful runs, no node dead.
 *
 * <p>The test holds a lock on the rate limit's table so that the node's claim commits and then waits
 * for the lease, for several rescue windows, during which the node's check runs several times.
 */
class ClaimInFlightIsNotHandedBackTest {
    @JobKind("inflight.rated")
    record Rated(int n) {}

    private static final Duration RESCUE_AFTER = Duration.ofMillis(300);
    /** How many of the node's checks (one per rescue window) run while the claim waits. */
    private static final int CHECKS = 5;

    private final String schema = PgTestDatabase.freshSchema("inflight_");
    private final PostgresStore store = PgTestDatabase.migratedStore(schema);

    @AfterEach
    void dropSchema() {
        store.close();
        PgTestDatabase.dropSchema(schema);
    }

    @Test
    void jobsOfAClaimStillInFlightAreNotHandedBack() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (Stevedore node = Stevedore.builder().store(store)
                .handle(Rated.class, (ctx, job) -> runs.incrementAndGet())
                .limit("inflight", l -> l.kinds(Rated.class).rate(100, Duration.ofSeconds(1)))
                .heartbeat(Duration.ofMillis(100), RESCUE_AFTER)
                .pollInterval(Duration.ofMillis(50))
                .queue("default")
                .build()) {
            long id = node.enqueue(new Rated(1)).id();
            try (Connection lock = PgTestDatabase.connect()) {
                lock.setAutoCommit(false);
                try (Statement st = lock.createStatement()) {
                    st.execute("LOCK TABLE " + schema + ".limit_slots IN ACCESS EXCLUSIVE MODE");
                }
                node.start();
                // The claim committed (its attempt is taken); its rate lease now waits on the lock.
                await().atMost(Duration.ofSeconds(30)).until(() -> PgTestDatabase.scalar(
                        "SELECT attempt FROM " + schema + ".jobs WHERE id = " + id) >= 1);
                // A check can only be seen by what it does; give it several rounds to do the wrong thing.
                Thread.sleep(RESCUE_AFTER.multipliedBy(CHECKS).toMillis());
                assertThat(state(id)).as("state while the claim waits for its lease").isEqualTo("running");
                lock.rollback();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> "completed".equals(state(id)));
            assertThat(PgTestDatabase.scalar("SELECT jsonb_array_length(errors) FROM " + schema + ".jobs WHERE id = " + id))
                    .as("errors recorded on the job").isZero();
            assertThat(runs).as("runs of the job").hasValue(1);
        }
    }

    private String state(long id) throws Exception {
        try (Connection c = PgTestDatabase.connect(); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT state FROM " + schema + ".jobs WHERE id = " + id)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
