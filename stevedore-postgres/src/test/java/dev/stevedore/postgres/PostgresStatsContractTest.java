package dev.stevedore.postgres;

import dev.stevedore.tck.StatsContract;
import dev.stevedore.tck.StoreFixture;

/** Statistics roll-ups on a real Postgres database, isolated per test. */
class PostgresStatsContractTest extends StatsContract {
    @Override
    protected StoreFixture createFixture() {
        return new PostgresFixture(PgTestDatabase.url());
    }
}
