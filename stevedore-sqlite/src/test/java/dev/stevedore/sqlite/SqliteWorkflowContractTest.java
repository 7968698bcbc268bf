package dev.stevedore.sqlite;

import dev.stevedore.tck.WorkflowContract;
import dev.stevedore.tck.StoreFixture;

/** Workflows on a real SQLite file, isolated per test. */
class SqliteWorkflowContractTest extends WorkflowContract {
    @Override
    protected StoreFixture createFixture() {
        return new SqliteFixture();
    }
}
