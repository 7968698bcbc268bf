package dev.stevedore.postgres;

import dev.stevedore.tck.StoreFixture;
import dev.stevedore.tck.UniqueContract;

/** Unique jobs on a real Postgres database, isolated per test. */
class PostgresUniqueContractTest extends UniqueContract {
    @Override
    protected StoreFixture createFixture() {
        return new PostgresFixture(PgTestDatabase.url());
    }
}
