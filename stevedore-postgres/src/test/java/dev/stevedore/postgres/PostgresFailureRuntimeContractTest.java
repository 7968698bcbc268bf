package dev.stevedore.postgres;

import dev.stevedore.tck.FailureRuntimeContract;
import dev.stevedore.tck.StoreFixture;

/** Failure records and issues through real nodes on a real Postgres database, isolated per test. */
class PostgresFailureRuntimeContractTest extends FailureRuntimeContract {
    @Override
    protected StoreFixture createFixture() {
        return new PostgresFixture(PgTestDatabase.url());
    }
}
