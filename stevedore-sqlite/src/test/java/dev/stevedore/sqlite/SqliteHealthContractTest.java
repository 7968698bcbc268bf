package dev.stevedore.sqlite;

import dev.stevedore.tck.HealthContract;
import dev.stevedore.tck.StoreFixture;

/** Queue health on a real SQLite file, isolated per test. */
class SqliteHealthContractTest extends HealthContract {
    @Override
    protected StoreFixture createFixture() {
        return new SqliteFixture();
    }
}
