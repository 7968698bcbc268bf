package dev.stevedore.postgres;

import dev.stevedore.tck.StoreFixture;
import dev.stevedore.tck.CronContract;

/** Cron schedules on a real Postgres database, isolated per test. */
class PostgresCronContractTest extends CronContract {
    @Override
    protected StoreFixture createFixture() {
        return new PostgresFixture(PgTestDatabase.url());
    }
}
