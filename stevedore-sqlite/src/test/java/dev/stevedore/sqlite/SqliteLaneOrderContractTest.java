package dev.stevedore.sqlite;

import dev.stevedore.tck.StoreFixture;
import dev.stevedore.tck.LaneOrderContract;

/** Queue order under a node-wide cap on a real SQLite file, isolated per test. */
class SqliteLaneOrderContractTest extends LaneOrderContract {
    @Override
    protected StoreFixture createFixture() {
        return new SqliteFixture();
    }
}
