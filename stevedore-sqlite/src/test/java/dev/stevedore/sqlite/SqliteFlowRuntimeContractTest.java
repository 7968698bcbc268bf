package dev.stevedore.sqlite;

import dev.stevedore.tck.StoreFixture;
import dev.stevedore.tck.FlowRuntimeContract;

/** Limits and breakers end to end on a real SQLite file, isolated per test. */
class SqliteFlowRuntimeContractTest extends FlowRuntimeContract {
    @Override
    protected StoreFixture createFixture() {
        return new SqliteFixture();
    }
}
