package dev.stevedore.sqlite;

import dev.stevedore.tck.BatchListContract;
import dev.stevedore.tck.StoreFixture;

/** Batches read back for operators on a real SQLite file, isolated per test. */
class SqliteBatchListContractTest extends BatchListContract {
    @Override
    protected StoreFixture createFixture() {
        return new SqliteFixture();
    }
}
