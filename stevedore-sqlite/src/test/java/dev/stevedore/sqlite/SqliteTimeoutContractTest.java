package dev.stevedore.sqlite;

import dev.stevedore.tck.StoreFixture;
import dev.stevedore.tck.TimeoutContract;

/** Start and job deadlines at the store, on a real SQLite file per test. */
class SqliteTimeoutContractTest extends TimeoutContract {
    @Override
    protected StoreFixture createFixture() {
        return new SqliteFixture();
    }
}
