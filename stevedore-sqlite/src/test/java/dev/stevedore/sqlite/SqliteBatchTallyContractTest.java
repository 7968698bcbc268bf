package dev.stevedore.sqlite;

import dev.stevedore.tck.BatchTallyContract;
import dev.stevedore.tck.StoreFixture;

/** Tallies of large batches on a real SQLite file, isolated per test. */
class SqliteBatchTallyContractTest extends BatchTallyContract {
    @Override
    protected StoreFixture createFixture() {
        return new SqliteFixture();
    }
}
