package dev.stevedore.postgres;

import dev.stevedore.tck.BadInputContract;
import dev.stevedore.tck.StoreFixture;

/** The bad-input corpus against a PostgreSQL schema. */
class PostgresBadInputContractTest extends BadInputContract {
    @Override
    protected StoreFixture createFixture() {
        return new PostgresFixture(PgTestDatabase.url());
    }
}
