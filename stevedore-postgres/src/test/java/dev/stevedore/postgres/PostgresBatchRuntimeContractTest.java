package dev.stevedore.postgres;

import dev.stevedore.tck.BatchRuntimeContract;
import dev.stevedore.tck.StoreFixture;

/** Batches and workflows run by nodes on a real Postgres database. */
class PostgresBatchRuntimeContractTest extends BatchRuntimeContract {
    @Override
    protected StoreFixture createFixture() {
        return new PostgresFixture(PgTestDatabase.url());
    }
}
