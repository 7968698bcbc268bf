package dev.stevedore.dashboard;

/** The dashboard's HTTP layer over a SQLite file. */
class SqliteDashboardHttpTest extends DashboardJobOrderHttpContract {
    @Override
    TestStores.Opened openStore() {
        return TestStores.sqlite();
    }
}
