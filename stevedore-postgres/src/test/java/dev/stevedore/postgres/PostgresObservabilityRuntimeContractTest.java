package dev.stevedore.postgres;

import dev.stevedore.tck.ObservabilityRuntimeContract;
import dev.stevedore.tck.StoreFixture;

/** Meters, MDC and tracing of a node on PostgreSQL, each test in its own schema. */
class PostgresObservabilityRuntimeContractTest extends ObservabilityRuntimeContract {
    @Override
    protected StoreFixture createFixture() {
        return new PostgresFixture(PgTestDatabase.url());
    }
}
