package dev.stevedore.dashboard;

/** The dashboard's HTTP layer over a PostgreSQL schema. */
class PostgresDashboardHttpTest extends DashboardSecurityContract {
    @Override
    TestStores.Opened openStore() {
        return TestStores.postgres();
    }
}
