package dev.stevedore.sqlite;

import dev.stevedore.tck.FailureRuntimeContract;
import dev.stevedore.tck.StoreFixture;

/** Failure records and issues through real nodes on a real SQLite file, isolated per test. */
class SqliteFailureRuntimeContractTest extends FailureRuntimeContract {
    @Override
    protected StoreFixture createFixture() {
        return new SqliteFixture();
    }
}
