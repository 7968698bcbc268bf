package dev.stevedore.postgres;

import dev.stevedore.tck.StoreContract;
import dev.stevedore.tck.StoreFixture;
import org.junit.jupiter.api.Nested;

/** The conformance suite on PostgreSQL, one schema per test. */
class PostgresStoreContractTest extends StoreContract {
    @Override
    protected StoreFixture createFixture() {
        return new PostgresFixture(PgTestDatabase.url());
    }

    /**
     * The same suite with server-side prepared statements off ({@code prepareThreshold=0}), as behind
     * PgBouncer in transaction mode.
     */
    @Nested
    class WithoutPreparedStatements extends StoreContract {
        @Override
        protected StoreFixture createFixture() {
            return new PostgresFixture(PgTestDatabase.url("prepareThreshold=0"));
        }
    }
}
