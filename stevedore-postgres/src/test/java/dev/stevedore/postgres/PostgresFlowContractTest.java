package dev.stevedore.postgres;

import dev.stevedore.tck.StoreFixture;
import dev.stevedore.tck.FlowContract;

/** Limits and breakers on a real Postgres database, isolated per test. */
class PostgresFlowContractTest extends FlowContract {
    @Override
    protected StoreFixture createFixture() {
        return new PostgresFixture(PgTestDatabase.url());
    }
}
