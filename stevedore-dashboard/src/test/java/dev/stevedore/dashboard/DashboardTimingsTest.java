package dev.stevedore.dashboard;

import dev.stevedore.Stevedore;
import dev.stevedore.postgres.PostgresStore;
import dev.stevedore.spi.Store;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
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
    /** Set to keep the seeded schema ({@code dash_timings4_<rows>}) for the next run, which then skips seeding. */
    static final String KEEP = "STEVEDORE_DASHBOARD_TIMINGS_KEEP";

    @Test
    void printsEachPagesTimesOverALargeJobsTable() throws Exception {
        int rows = Integer.parseInt(System.getenv(ROWS));
        boolean keep = System.getenv(KEEP) != null;
        String schema = "dash_timings4_" + rows; // 4: the seed with 2 % waiting jobs and spread finished times
        String url = TestStores.PG_URL;
        Store store = PostgresStore.builder().jdbcUrl(url).schema(schema).build();
        store.migrateUp();
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            long present;
            try (var rs = s.executeQuery("SELECT count(*) FROM " + schema + ".jobs")) {
                rs.next();
                present = rs.getLong(1);
            }
            if (present != rows) { // a schema kept from an earlier run with these rows is used as it is
                s.execute("TRUNCATE " + schema + ".jobs CASCADE"); // and what refers to jobs: the schema is the test's own
                // 8 queues, 5 kinds; 70 % completed, 10 % discarded, 0.1 % held, 1 % scheduled and 1 %
                // retryable (due over the next day, in no relation to their ids), the rest available; 1 %
                // tagged. Finished times a second apart per 10 jobs, so ties of 8. (Before migration 20 the
                // overview's and queues page's counts read 100,000 of these waiting rows at random: over 1 s.)
                s.execute("INSERT INTO " + schema + ".jobs (kind, queue, args, state, finished_at, scheduled_at, tags)"
                        + " SELECT 'probe.kind' || (n % 5), 'q' || (n % 8),"
                        + " jsonb_build_object('account', n, 'email', 'user' || n || '@example.com'),"
                        + " CASE WHEN n % 10 < 7 THEN 'completed' WHEN n % 10 = 7 THEN 'discarded'"
                        + " WHEN n % 1000 = 8 THEN 'held' WHEN n % 100 = 9 THEN 'scheduled'"
                        + " WHEN n % 100 = 19 THEN 'retryable' ELSE 'available' END,"
                        + " CASE WHEN n % 10 <= 7 THEN now() - (" + rows + " - n) / 10 * interval '1 second' END,"
                        + " CASE WHEN n % 100 IN (9, 19) THEN now() + n::bigint * 7919 % 86400 * interval '1 second'"
                        + " ELSE now() END,"
                        + " CASE WHEN n % 100 = 0 THEN '[\"vip\"]'::jsonb ELSE '[]'::jsonb END"
                        + " FROM generate_series(0, " + (rows - 1) + ") AS n");
                s.execute("VACUUM ANALYZE " + schema + ".jobs");
            }
        }
        System.out.printf("seeded %d rows in %d s%n", rows, (System.nanoTime() - t0) / 1_000_000_000);
        String middle = finishedCursor(url, schema, rows / 2);
        try (Stevedore node = Stevedore.builder().store(store).nodeId("probe").build();
             Dashboard dashboard = Dashboard.start(node, store, DashboardOptions.defaults().port(0))) {
            Http http = Http.anonymous(dashboard);
            long mid = rows / 2;
            for (String path : List.of("/", "/queues", "/jobs", "/jobs?state=held", "/jobs?state=available&queue=q3",
                    "/jobs?tag=vip", "/jobs?kind=probe.kind2&sort=oldest", "/jobs?before=" + mid, "/jobs?q=user424242%40",
                    "/jobs?q=no-such-text&limit=50", "/jobs?state=running", "/jobs?state=completed&queue=q3", "/jobs/" + mid,
                    "/nodes", "/issues", "/audit", "/batches", "/cron", "/alerts",
                    // The time orders: unfiltered, deep, a common filter, and filters that match rarely or never.
                    "/jobs?sort=next", "/jobs?sort=finished", "/jobs?sort=finished&cursor=" + middle, "/jobs?sort=next&queue=q3",
                    "/jobs?sort=finished&state=discarded&queue=q3", "/jobs?sort=next&state=retryable&kind=probe.kind4",
                    "/jobs?sort=finished&state=cancelled", "/jobs?sort=finished&q=no-such-text",
                    "/jobs?sort=next&q=no-such-text", "/jobs?sort=next&tag=vip")) {
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
                System.out.printf("%-60s p50 %5d ms  p95 %5d ms  max %5d ms%n", path, ms[7], ms[13], ms[14]);
            }
        }
        if (!keep) {
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    /** The URL-encoded cursor of the first finished job at or above {@code id}: a page deep in the finished order. */
    private static String finishedCursor(String url, String schema, long id) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT finished_at, id FROM " + schema + ".jobs WHERE id >= " + id
                     + " AND finished_at IS NOT NULL ORDER BY id LIMIT 1")) {
            rs.next();
            String cursor = new dev.stevedore.spi.JobCursor(rs.getObject(1, java.time.OffsetDateTime.class).toInstant(),
                    rs.getLong(2)).text();
            return java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
