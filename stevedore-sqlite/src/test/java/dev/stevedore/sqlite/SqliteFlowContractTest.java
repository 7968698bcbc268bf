package dev.stevedore.sqlite;

import dev.stevedore.tck.StoreFixture;
import dev.stevedore.tck.FlowContract;

/** Limits and breakers on a real SQLite file, isolated per test. */
class SqliteFlowContractTest extends FlowContract {
    @Override
    protected StoreFixture createFixture() {
        return new SqliteFixture();
    }
}
