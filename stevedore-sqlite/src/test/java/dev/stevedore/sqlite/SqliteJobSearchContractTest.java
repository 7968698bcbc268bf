package dev.stevedore.sqlite;

import dev.stevedore.tck.JobSearchContract;
import dev.stevedore.tck.StoreFixture;

/** The job search and the operator's discard and delete on a real Sqlite database, isolated per test. */
class SqliteJobSearchContractTest extends JobSearchContract {
    @Override
    protected StoreFixture createFixture() {
        return new SqliteFixture();
    }
}
