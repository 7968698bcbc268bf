package dev.stevedore.postgres;

import dev.stevedore.tck.BatchContract;
import dev.stevedore.tck.StoreFixture;

/** Batches on a real Postgres database, isolated per test. */
class PostgresBatchContractTest extends BatchContract {
    @Override
    protected StoreFixture createFixture() {
        return new PostgresFixture(PgTestDatabase.url());
    }
}
