package dev.stevedore.postgres;

import dev.stevedore.tck.AlertRuntimeContract;
import dev.stevedore.tck.StoreFixture;

/** Each alert rule fired and resolved by a real leader on a real Postgres database. */
class PostgresAlertRuntimeContractTest extends AlertRuntimeContract {
    @Override
    protected StoreFixture createFixture() {
        return new PostgresFixture(PgTestDatabase.url());
    }
}
