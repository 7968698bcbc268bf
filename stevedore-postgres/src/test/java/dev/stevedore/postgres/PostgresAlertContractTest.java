package dev.stevedore.postgres;

import dev.stevedore.tck.AlertContract;
import dev.stevedore.tck.StoreFixture;

/** Alerts and the reads alert rules make, on a real Postgres database, isolated per test. */
class PostgresAlertContractTest extends AlertContract {
    @Override
    protected StoreFixture createFixture() {
        return new PostgresFixture(PgTestDatabase.url());
    }
}
