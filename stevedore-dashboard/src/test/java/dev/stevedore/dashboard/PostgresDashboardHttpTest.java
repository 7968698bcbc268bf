package dev.stevedore.dashboard;

/** The dashboard's HTTP layer over a PostgreSQL schema. */
class PostgresDashboardHttpTest extends DashboardJobOrderHttpContract {
    @Override
    TestStores.Opened openStore() {
        return TestStores.postgres();
    }
}
