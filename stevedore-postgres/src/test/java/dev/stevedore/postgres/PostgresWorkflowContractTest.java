package dev.stevedore.postgres;

import dev.stevedore.tck.WorkflowContract;
import dev.stevedore.tck.StoreFixture;

/** Workflows on a real Postgres database, isolated per test. */
class PostgresWorkflowContractTest extends WorkflowContract {
    @Override
    protected StoreFixture createFixture() {
        return new PostgresFixture(PgTestDatabase.url());
    }
}
