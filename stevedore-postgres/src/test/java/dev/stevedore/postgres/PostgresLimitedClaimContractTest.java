package dev.stevedore.postgres;

import dev.stevedore.tck.LimitedClaimContract;
import dev.stevedore.tck.StoreFixture;

/** Claims under concurrency limits on a real Postgres database, isolated per test. */
class PostgresLimitedClaimContractTest extends LimitedClaimContract {
    @Override
    protected StoreFixture createFixture() {
        return new PostgresFixture(PgTestDatabase.url());
    }
}
