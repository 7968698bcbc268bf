package dev.stevedore.sqlite;

import dev.stevedore.tck.StoreContract;
import dev.stevedore.tck.StoreFixture;

/** The conformance suite on a real SQLite file, one file per test. */
class SqliteStoreContractTest extends StoreContract {
    @Override
    protected StoreFixture createFixture() {
        return new SqliteFixture();
    }
}
