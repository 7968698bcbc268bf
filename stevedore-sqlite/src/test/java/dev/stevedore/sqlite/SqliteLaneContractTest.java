package dev.stevedore.sqlite;

import dev.stevedore.tck.StoreFixture;
import dev.stevedore.tck.LaneContract;

/** Queue lanes (order under a node-wide cap, adaptive concurrency) on a real SQLite file, isolated per test. */
class SqliteLaneContractTest extends LaneContract {
    @Override
    protected StoreFixture createFixture() {
        return new SqliteFixture();
    }
}
