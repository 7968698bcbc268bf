package dev.stevedore.postgres;

import dev.stevedore.tck.FanOutContract;
import dev.stevedore.tck.StoreFixture;

/** Staggered fan-out on a real Postgres database, isolated per test. */
class PostgresFanOutContractTest extends FanOutContract {
    @Override
    protected StoreFixture createFixture() {
        return new PostgresFixture(PgTestDatabase.url());
    }
}
