package dev.stevedore.sqlite;

import dev.stevedore.tck.CronControlContract;
import dev.stevedore.tck.StoreFixture;

/** Cron schedules controlled at runtime on a real SQLite file, isolated per test. */
class SqliteCronControlContractTest extends CronControlContract {
    @Override
    protected StoreFixture createFixture() {
        return new SqliteFixture();
    }
}
