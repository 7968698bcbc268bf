package dev.stevedore.sqlite;

import dev.stevedore.tck.JobOrderContract;
import dev.stevedore.tck.StoreFixture;

/** The job list's time orders and their cursors on a real Sqlite database, isolated per test. */
class SqliteJobOrderContractTest extends JobOrderContract {
    @Override
    protected StoreFixture createFixture() {
        return new SqliteFixture();
    }
}
