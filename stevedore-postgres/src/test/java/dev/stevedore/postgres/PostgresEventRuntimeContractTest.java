package dev.stevedore.postgres;

import dev.stevedore.tck.EventRuntimeContract;
import dev.stevedore.tck.StoreFixture;

/** Every event a node publishes, on a real Postgres database. */
class PostgresEventRuntimeContractTest extends EventRuntimeContract {
    @Override
    protected StoreFixture createFixture() {
        return new PostgresFixture(PgTestDatabase.url());
    }
}
