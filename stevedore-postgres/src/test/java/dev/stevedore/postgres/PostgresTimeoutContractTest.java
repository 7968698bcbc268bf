package dev.stevedore.postgres;

import dev.stevedore.tck.StoreFixture;
import dev.stevedore.tck.TimeoutContract;

/** Start and job deadlines at the store, on a real PostgreSQL database, isolated per test. */
class PostgresTimeoutContractTest extends TimeoutContract {
    @Override
    protected StoreFixture createFixture() {
        return new PostgresFixture(PgTestDatabase.url());
    }
}
