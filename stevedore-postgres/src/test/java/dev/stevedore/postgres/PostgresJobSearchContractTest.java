package dev.stevedore.postgres;

import dev.stevedore.tck.JobSearchContract;
import dev.stevedore.tck.StoreFixture;

/** The job search and the operator's discard and delete on a real Postgres database, isolated per test. */
class PostgresJobSearchContractTest extends JobSearchContract {
    @Override
    protected StoreFixture createFixture() {
        return new PostgresFixture(PgTestDatabase.url());
    }
}
