package dev.stevedore.postgres;

import dev.stevedore.postgres.bouncer.PgBouncer;
import dev.stevedore.tck.RuntimeContract;
import dev.stevedore.tck.StoreFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole end-to-end node contract with every connection going through PgBouncer in transaction
 * mode: server-side prepared statements off ({@code prepareThreshold=0}, which PgBouncer 1.18 cannot
 * carry across server connections) and no {@code LISTEN} (it would land on a pooled server connection
 * and hear nothing), so nodes find work by polling. Five server connections serve every store and raw
 * connection of a test, so one client's transactions really move between server connections.
 */
class PgBouncerRuntimeContractTest extends RuntimeContract {
    private static PgBouncer bouncer;

    @BeforeAll
    static void startBouncer() throws Exception {
        Assumptions.assumeTrue(PgBouncer.installed(), PgBouncer.MISSING);
        bouncer = PgBouncer.start(5);
    }

    @AfterAll
    static void stopBouncer() {
        if (bouncer != null) {
            bouncer.close();
        }
    }

    @Override
    protected StoreFixture createFixture() {
        return new PostgresFixture(bouncer.url("prepareThreshold=0"), builder -> builder.notifications(false));
    }

    @Override
    protected String argsParameter() {
        return "?::jsonb";
    }
}
