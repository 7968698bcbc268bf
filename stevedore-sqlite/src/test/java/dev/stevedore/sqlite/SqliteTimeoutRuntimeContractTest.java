package dev.stevedore.sqlite;

import dev.stevedore.tck.StoreFixture;
import dev.stevedore.tck.TimeoutRuntimeContract;

/** The four time limits end to end, through a node on a real SQLite file per test. */
class SqliteTimeoutRuntimeContractTest extends TimeoutRuntimeContract {
    @Override
    protected StoreFixture createFixture() {
        return new SqliteFixture();
    }
}
