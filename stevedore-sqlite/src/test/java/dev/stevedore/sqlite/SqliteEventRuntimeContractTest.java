package dev.stevedore.sqlite;

import dev.stevedore.tck.EventRuntimeContract;
import dev.stevedore.tck.StoreFixture;

/** Every event a node publishes, on a real SQLite file. */
class SqliteEventRuntimeContractTest extends EventRuntimeContract {
    @Override
    protected StoreFixture createFixture() {
        return new SqliteFixture();
    }
}
