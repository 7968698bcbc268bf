package dev.stevedore.sqlite;

import dev.stevedore.tck.StoreFixture;
import dev.stevedore.tck.CronContract;

/** Cron schedules on a real Sqlite database, isolated per test. */
class SqliteCronContractTest extends CronContract {
    @Override
    protected StoreFixture createFixture() {
        return new SqliteFixture();
    }
}
