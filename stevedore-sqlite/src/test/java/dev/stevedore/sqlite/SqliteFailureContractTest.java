package dev.stevedore.sqlite;

import dev.stevedore.tck.FailureContract;
import dev.stevedore.tck.StoreFixture;

/** Failure records and issues on a real SQLite file, isolated per test. */
class SqliteFailureContractTest extends FailureContract {
    @Override
    protected StoreFixture createFixture() {
        return new SqliteFixture();
    }
}
