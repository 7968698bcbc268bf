package dev.stevedore.postgres;

import dev.stevedore.tck.StoreFixture;
import dev.stevedore.tck.TimeoutRuntimeContract;

/** The four time limits end to end, through a node on a real PostgreSQL database per test. */
class PostgresTimeoutRuntimeContractTest extends TimeoutRuntimeContract {
    @Override
    protected StoreFixture createFixture() {
        return new PostgresFixture(PgTestDatabase.url());
    }
}
