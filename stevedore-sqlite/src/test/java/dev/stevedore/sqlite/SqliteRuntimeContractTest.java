package dev.stevedore.sqlite;

import dev.stevedore.tck.RuntimeContract;
import dev.stevedore.tck.StoreFixture;

/** End-to-end node behaviour on SQLite, each test on its own file. */
class SqliteRuntimeContractTest extends RuntimeContract {
    @Override
    protected StoreFixture createFixture() {
        return new SqliteFixture();
    }
}
