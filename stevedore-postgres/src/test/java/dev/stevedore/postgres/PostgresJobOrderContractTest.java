package dev.stevedore.postgres;

import dev.stevedore.tck.JobOrderContract;
import dev.stevedore.tck.StoreFixture;

/** The job list's time orders and their cursors on a real Postgres database, isolated per test. */
class PostgresJobOrderContractTest extends JobOrderContract {
    @Override
    protected StoreFixture createFixture() {
        return new PostgresFixture(PgTestDatabase.url());
    }
}
