package dev.stevedore.sqlite;

import dev.stevedore.tck.BatchRuntimeContract;
import dev.stevedore.tck.StoreFixture;

/** Batches and workflows run by nodes on a real SQLite file. */
class SqliteBatchRuntimeContractTest extends BatchRuntimeContract {
    @Override
    protected StoreFixture createFixture() {
        return new SqliteFixture();
    }
}
