package dev.stevedore.sqlite;

import dev.stevedore.tck.AuditContract;
import dev.stevedore.tck.StoreFixture;

/** The audit log on a real Sqlite database, isolated per test. */
class SqliteAuditContractTest extends AuditContract {
    @Override
    protected StoreFixture createFixture() {
        return new SqliteFixture();
    }
}
