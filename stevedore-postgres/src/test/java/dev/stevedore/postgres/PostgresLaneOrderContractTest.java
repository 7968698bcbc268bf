package dev.stevedore.postgres;

import dev.stevedore.tck.StoreFixture;
import dev.stevedore.tck.LaneOrderContract;

/** Queue order under a node-wide cap on a real Postgres database, isolated per test. */
class PostgresLaneOrderContractTest extends LaneOrderContract {
    @Override
    protected StoreFixture createFixture() {
        return new PostgresFixture(PgTestDatabase.url());
    }
}
