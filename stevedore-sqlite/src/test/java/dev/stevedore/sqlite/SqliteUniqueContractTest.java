package dev.stevedore.sqlite;

import dev.stevedore.tck.StoreFixture;
import dev.stevedore.tck.UniqueContract;

/** Unique jobs on a real Sqlite database, isolated per test. */
class SqliteUniqueContractTest extends UniqueContract {
    @Override
    protected StoreFixture createFixture() {
        return new SqliteFixture();
    }
}
