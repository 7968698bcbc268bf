package dev.stevedore.postgres;

import dev.stevedore.tck.CronControlContract;
import dev.stevedore.tck.StoreFixture;

/** Cron schedules controlled at runtime on a real Postgres database, isolated per test. */
class PostgresCronControlContractTest extends CronControlContract {
    @Override
    protected StoreFixture createFixture() {
        return new PostgresFixture(PgTestDatabase.url());
    }
}
