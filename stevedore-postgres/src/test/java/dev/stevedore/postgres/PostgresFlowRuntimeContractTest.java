package dev.stevedore.postgres;

import dev.stevedore.tck.StoreFixture;
import dev.stevedore.tck.FlowRuntimeContract;

/** Limits and breakers end to end on a real Postgres database, isolated per test. */
class PostgresFlowRuntimeContractTest extends FlowRuntimeContract {
    @Override
    protected StoreFixture createFixture() {
        return new PostgresFixture(PgTestDatabase.url());
    }
}
