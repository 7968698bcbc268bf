package dev.stevedore.sqlite;

import dev.stevedore.tck.StatsContract;
import dev.stevedore.tck.StoreFixture;

/** Statistics roll-ups on a real SQLite file, isolated per test. */
class SqliteStatsContractTest extends StatsContract {
    @Override
    protected StoreFixture createFixture() {
        return new SqliteFixture();
    }
}
