package dev.stevedore.postgres;

import dev.stevedore.tck.FailureContract;
import dev.stevedore.tck.StoreFixture;

/** Failure records and issues on a real Postgres database, isolated per test. */
class PostgresFailureContractTest extends FailureContract {
    @Override
    protected StoreFixture createFixture() {
        return new PostgresFixture(PgTestDatabase.url());
    }
}
