package dev.stevedore.sqlite;

import dev.stevedore.tck.AlertContract;
import dev.stevedore.tck.StoreFixture;

/** Alerts and the reads alert rules make, on a real SQLite file, isolated per test. */
class SqliteAlertContractTest extends AlertContract {
    @Override
    protected StoreFixture createFixture() {
        return new SqliteFixture();
    }
}
