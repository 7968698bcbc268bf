package dev.stevedore.sqlite;

import dev.stevedore.tck.BadInputContract;
import dev.stevedore.tck.StoreFixture;

/** The bad-input corpus against a SQLite file. */
class SqliteBadInputContractTest extends BadInputContract {
    @Override
    protected StoreFixture createFixture() {
        return new SqliteFixture();
    }
}
