package dev.stevedore.postgres;

import dev.stevedore.tck.HealthContract;
import dev.stevedore.tck.StoreFixture;

/** Queue health on a real Postgres database, isolated per test. */
class PostgresHealthContractTest extends HealthContract {
    @Override
    protected StoreFixture createFixture() {
        return new PostgresFixture(PgTestDatabase.url());
    }
}
