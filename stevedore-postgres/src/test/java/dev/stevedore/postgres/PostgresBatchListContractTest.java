package dev.stevedore.postgres;

import dev.stevedore.tck.BatchListContract;
import dev.stevedore.tck.StoreFixture;

/** Batches read back for operators on a real Postgres database, isolated per test. */
class PostgresBatchListContractTest extends BatchListContract {
    @Override
    protected StoreFixture createFixture() {
        return new PostgresFixture(PgTestDatabase.url());
    }
}
