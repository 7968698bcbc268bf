package dev.stevedore.postgres;

import dev.stevedore.tck.StoreFixture;
import dev.stevedore.tck.LaneContract;

/** Queue lanes (order under a node-wide cap, adaptive concurrency) on a real Postgres database, isolated per test. */
class PostgresLaneContractTest extends LaneContract {
    @Override
    protected StoreFixture createFixture() {
        return new PostgresFixture(PgTestDatabase.url());
    }
}
