package dev.stevedore.sqlite;

import dev.stevedore.tck.BatchContract;
import dev.stevedore.tck.StoreFixture;

/** Batches on a real SQLite file, isolated per test. */
class SqliteBatchContractTest extends BatchContract {
    @Override
    protected StoreFixture createFixture() {
        return new SqliteFixture();
    }
}
