package dev.stevedore.sqlite;

import dev.stevedore.tck.ObservabilityRuntimeContract;
import dev.stevedore.tck.StoreFixture;

/** Meters, MDC and tracing of a node on SQLite, each test on its own file. */
class SqliteObservabilityRuntimeContractTest extends ObservabilityRuntimeContract {
    @Override
    protected StoreFixture createFixture() {
        return new SqliteFixture();
    }
}
