package dev.stevedore.sqlite;

import dev.stevedore.tck.FanOutContract;
import dev.stevedore.tck.StoreFixture;

/** Staggered fan-out on a real SQLite file, isolated per test. */
class SqliteFanOutContractTest extends FanOutContract {
    @Override
    protected StoreFixture createFixture() {
        return new SqliteFixture();
    }
}
