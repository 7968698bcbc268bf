package dev.stevedore.postgres;

import dev.stevedore.tck.RuntimeContract;
import dev.stevedore.tck.StoreFixture;

/** End-to-end node behaviour on PostgreSQL, each test in its own schema. */
class PostgresRuntimeContractTest extends RuntimeContract {
    @Override
    protected StoreFixture createFixture() {
        return new PostgresFixture(PgTestDatabase.url());
    }

    @Override
    protected String argsParameter() {
        return "?::jsonb";
    }
}
