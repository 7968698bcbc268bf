package dev.stevedore.postgres;

import dev.stevedore.tck.BatchTallyContract;
import dev.stevedore.tck.StoreFixture;

/** Tallies of large batches on a real Postgres database, isolated per test. */
class PostgresBatchTallyContractTest extends BatchTallyContract {
    @Override
    protected StoreFixture createFixture() {
        return new PostgresFixture(PgTestDatabase.url());
    }
}
