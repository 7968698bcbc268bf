package dev.stevedore.postgres;

import dev.stevedore.tck.AuditContract;
import dev.stevedore.tck.StoreFixture;

/** The audit log on a real Postgres database, isolated per test. */
class PostgresAuditContractTest extends AuditContract {
    @Override
    protected StoreFixture createFixture() {
        return new PostgresFixture(PgTestDatabase.url());
    }
}
