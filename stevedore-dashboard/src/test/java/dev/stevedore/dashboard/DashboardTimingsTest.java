package dev.stevedore.dashboard;

import dev.stevedore.JobState;
import dev.stevedore.Stevedore;
import dev.stevedore.postgres.PostgresStore;
import dev.stevedore.spi.NewJob;
import dev.stevedore.spi.Store;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * How long the pages take over a PostgreSQL schema of {@value #ROWS} jobs, printed (not asserted:
 * speed is measured, never a test's verdict). Runs only when asked, as in docs/dashboard.md:
 * {@code STEVEDORE_DASHBOARD_TIMINGS_ROWS=1000000 mvn -B verify -pl stevedore-dashboard -am
 * -Dtest=DashboardTimingsTest -Dsurefire.failIfNoSpecifiedTests=false}; the figures are in
 * target/surefire-reports/dev.stevedore.dashboard.DashboardTimingsTest-output.txt.
 */
@EnabledIfEnvironmentVariable(named = DashboardTimingsTest.ROWS, matches = "[0-9]+")
class DashboardTimingsTest {
    static final String ROWS = "STEVEDORE_DASHBOARD_TIMINGS_ROWS";

    @Test
    void printsEachPagesTimesOverALargeJobsTable() throws Exception {
        int rows = Integer.parseInt(System.getenv(ROWS));
        String schema = "dash_timings_" + ProcessHandle.current().pid();
        String url = TestStores.PG_URL;
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
        Store store = PostgresStore.builder().jdbcUrl(url).schema(schema).build();
        store.migrateUp();
        long t0 = System.nanoTime();
        for (int done = 0; done < rows; done += 10_000) {
            List<NewJob> batch = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                int n = done + i;
                batch.add(new NewJob("probe.kind" + (n % 5), "q" + (n % 8), "{\"account\":" + n + ",\"email\":\"user" + n + "@example.com\"}",
                        0, 20, JobState.AVAILABLE, null, Duration.ZERO, null, n % 100 == 0 ? List.of("vip") : List.of(), Map.of()));
            }
            store.jobInsertMany(batch);
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("UPDATE " + schema + ".jobs SET state = CASE WHEN id % 10 < 7 THEN 'completed' WHEN id % 10 = 7 THEN 'discarded'"
                    + " WHEN id % 1000 = 8 THEN 'held' ELSE state END, finished_at = CASE WHEN id % 10 <= 7 THEN now() END");
            s.execute("VACUUM ANALYZE " + schema + ".jobs");
        }
        System.out.printf("seeded %d rows in %d s%n", rows, (System.nanoTime() - t0) / 1_000_000_000);
        try (Stevedore node = Stevedore.builder().store(store).nodeId("probe").build();
             Dashboard dashboard = Dashboard.start(node, store, DashboardOptions.defaults().port(0))) {
            Http http = Http.anonymous(dashboard);
            long mid = rows / 2;
            for (String path : List.of("/", "/queues", "/jobs", "/jobs?state=held", "/jobs?state=available&queue=q3",
                    "/jobs?tag=vip", "/jobs?kind=probe.kind2&sort=oldest", "/jobs?before=" + mid, "/jobs?q=user424242%40",
                    "/jobs?q=no-such-text&limit=50", "/jobs/" + mid, "/nodes", "/issues", "/audit", "/batches", "/cron")) {
                long[] ms = new long[15];
                for (int i = 0; i < ms.length; i++) {
                    long start = System.nanoTime();
                    int status = http.get(path).statusCode();
                    ms[i] = (System.nanoTime() - start) / 1_000_000;
                    if (status != 200) {
                        throw new AssertionError(path + " " + status);
                    }
                }
                Arrays.sort(ms);
                System.out.printf("%-45s p50 %5d ms  p95 %5d ms  max %5d ms%n", path, ms[7], ms[13], ms[14]);
            }
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
