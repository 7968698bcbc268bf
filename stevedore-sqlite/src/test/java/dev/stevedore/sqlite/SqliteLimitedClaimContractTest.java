package dev.stevedore.sqlite;

import dev.stevedore.tck.LimitedClaimContract;
import dev.stevedore.tck.StoreFixture;

/** Claims under concurrency limits on a real SQLite file, isolated per test. */
class SqliteLimitedClaimContractTest extends LimitedClaimContract {
    @Override
    protected StoreFixture createFixture() {
        return new SqliteFixture();
    }
}
