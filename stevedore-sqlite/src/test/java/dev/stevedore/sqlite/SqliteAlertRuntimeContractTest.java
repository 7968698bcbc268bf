package dev.stevedore.sqlite;

import dev.stevedore.tck.AlertRuntimeContract;
import dev.stevedore.tck.StoreFixture;

/** Each alert rule fired and resolved by a real leader on a real SQLite file. */
class SqliteAlertRuntimeContractTest extends AlertRuntimeContract {
    @Override
    protected StoreFixture createFixture() {
        return new SqliteFixture();
    }
}
