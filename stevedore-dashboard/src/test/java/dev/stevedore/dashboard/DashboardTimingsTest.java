package dev.stevedore.dashboard;

import dev.stevedore.Stevedore;
import dev.stevedore.postgres.PostgresStore;
import dev.stevedore.spi.JobCursor;
import dev.stevedore.spi.Store;
import dev.stevedore.spi.jdbc.ReusedCounts;
import dev.stevedore.sqlite.SqliteStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * How long the pages take over {@code STEVEDORE_DASHBOARD_TIMINGS_ROWS} jobs, on PostgreSQL and on a
 * SQLite file, printed (not asserted: speed is measured, never a test's verdict). Runs only when asked,
 * as in docs/dashboard.md: {@code STEVEDORE_DASHBOARD_TIMINGS_ROWS=1000000 mvn -B verify -pl
 * stevedore-dashboard -am -Dtest=DashboardTimingsTest -Dsurefire.failIfNoSpecifiedTests=false}; the
 * figures are in target/surefire-reports/dev.stevedore.dashboard.DashboardTimingsTest-output.txt.
 * Each page is requested 40 times (p50, nearest-rank p95, max); the counting pages 1.1 s apart, then
 * 10 more times after a quiet spell each, when the request counts while it waits: about 4 minutes a
 * store once seeded.
 * {@code STEVEDORE_DASHBOARD_TIMINGS_STORES=postgresql} (or {@code sqlite}) measures one store only.
 *
 * <p>The seed, the same on both stores: 8 queues, 5 kinds; 70 % completed, 10 % discarded, 0.1 % held,
 * 1 % scheduled and 1 % retryable (due over the next day, in no relation to their ids), the rest
 * available; 1 % tagged; finished times a second apart per 10 jobs, so ties of 8. One job in seven
 * belongs to batch 1, which stays open (it has waiting jobs), so its page counts its 1.4 million jobs'
 * outcomes live. (Before PostgreSQL migration 20 the overview's and queues page's counts read 100,000
 * of the waiting rows at random: over 1 s.)
 */
@EnabledIfEnvironmentVariable(named = DashboardTimingsTest.ROWS, matches = "[0-9]+")
class DashboardTimingsTest {
    static final String ROWS = "STEVEDORE_DASHBOARD_TIMINGS_ROWS";
    /** Set to keep the seeded schema or file for the next run, which then skips seeding. */
    static final String KEEP = "STEVEDORE_DASHBOARD_TIMINGS_KEEP";
    /** Which stores to measure, comma-separated; both when unset. */
    static final String STORES = "STEVEDORE_DASHBOARD_TIMINGS_STORES";
    /** 5: the seed with 2 % waiting jobs, spread finished times and an open batch of one job in seven. */
    private static final String SEED_VERSION = "5";
    /** Requests per page: 40, so that the nearest-rank 95th percentile leaves out the two slowest only. */
    private static final int REQUESTS = 40;
    /** Requests per counting page after a quiet spell each (about 7 s apart): the nearest-rank p95 of 10 is their slowest. */
    private static final int AFRESH_REQUESTS = 10;
    /** The pages that count jobs per queue and state. */
    private static final List<String> COUNTING_PAGES = List.of("/", "/queues");

    private final int rows = Integer.parseInt(System.getenv(ROWS));
    private final boolean keep = System.getenv(KEEP) != null;

    @Test
    void printsEachPagesTimesOverALargeJobsTableInPostgresql() throws Exception {
        measured("postgresql");
        String schema = "dash_timings" + SEED_VERSION + "_" + rows;
        String url = TestStores.PG_URL;
        Store store = PostgresStore.builder().jdbcUrl(url).schema(schema).build();
        store.migrateUp();
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            if (count(s, schema + ".jobs") != rows) { // a schema kept from an earlier run with these rows is used as it is
                s.execute("TRUNCATE " + schema + ".jobs, " + schema + ".batches CASCADE"); // the schema is the test's own
                s.execute("INSERT INTO " + schema + ".batches (id, description) VALUES (1, 'one job in seven')");
                s.execute("INSERT INTO " + schema + ".jobs (kind, queue, args, state, finished_at, scheduled_at, tags, batch_id)"
                        + " SELECT " + columns("jsonb_build_object", "now() - (" + rows + " - n) / 10 * interval '1 second'",
                                "now() + n::bigint * 7919 % 86400 * interval '1 second'", "now()", "'[\"vip\"]'::jsonb", "'[]'::jsonb")
                        + " FROM generate_series(0, " + (rows - 1) + ") AS n");
                s.execute("VACUUM ANALYZE " + schema + ".jobs");
            }
        }
        System.out.printf("postgresql: seeded %d rows in %d s%n", rows, (System.nanoTime() - t0) / 1_000_000_000);
        String middle;
        try (Connection c = DriverManager.getConnection(url)) {
            middle = finishedCursor(c, schema + ".jobs", true);
        }
        try {
            printTimes(store, middle);
        } finally {
            if (!keep) {
                try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                }
            }
        }
    }

    @Test
    void printsEachPagesTimesOverALargeJobsTableInSqlite() throws Exception {
        measured("sqlite");
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "stevedore-dash-timings" + SEED_VERSION + "-" + rows + ".db");
        String url = "jdbc:sqlite:" + file;
        SqliteStore store = SqliteStore.file(file);
        store.migrateUp();
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            if (count(s, "jobs") != rows) {
                long now = Instant.now().toEpochMilli();
                c.setAutoCommit(false);
                s.execute("DELETE FROM jobs");
                s.execute("DELETE FROM batches");
                s.execute("INSERT INTO batches (id, description, created_at) VALUES (1, 'one job in seven', " + now + ")");
                s.execute("INSERT INTO jobs (kind, queue, args, state, finished_at, scheduled_at, tags, batch_id)"
                        + " WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n < " + (rows - 1) + ")"
                        + " SELECT " + columns("json_object", now + " - (" + rows + " - n) / 10 * 1000",
                                now + " + n * 7919 % 86400 * 1000", String.valueOf(now), "'[\"vip\"]'", "'[]'")
                        + " FROM s");
                c.commit();
                c.setAutoCommit(true);
                s.execute("ANALYZE");
            }
        }
        System.out.printf("sqlite: seeded %d rows in %d s (%d MB)%n", rows, (System.nanoTime() - t0) / 1_000_000_000,
                Files.size(file) >> 20);
        String middle;
        try (Connection c = DriverManager.getConnection(url)) {
            middle = finishedCursor(c, "jobs", false);
        }
        try {
            printTimes(store, middle);
        } finally {
            store.close();
            if (!keep) {
                for (String suffix : List.of("", "-wal", "-shm")) {
                    Files.deleteIfExists(Path.of(file + suffix));
                }
            }
        }
    }

    private static void measured(String store) {
        String stores = System.getenv(STORES);
        Assumptions.assumeTrue(stores == null || Arrays.asList(stores.split(",")).contains(store),
                () -> STORES + "=" + stores + " leaves " + store + " out");
    }

    /** The seed's columns, in either dialect: its JSON object function and its time expressions. */
    private String columns(String jsonObject, String finishedAt, String dueLater, String now, String vip, String untagged) {
        return "'probe.kind' || (n % 5), 'q' || (n % 8),"
                + " " + jsonObject + "('account', n, 'email', 'user' || n || '@example.com'),"
                + " CASE WHEN n % 10 < 7 THEN 'completed' WHEN n % 10 = 7 THEN 'discarded'"
                + " WHEN n % 1000 = 8 THEN 'held' WHEN n % 100 = 9 THEN 'scheduled'"
                + " WHEN n % 100 = 19 THEN 'retryable' ELSE 'available' END,"
                + " CASE WHEN n % 10 <= 7 THEN " + finishedAt + " END,"
                + " CASE WHEN n % 100 IN (9, 19) THEN " + dueLater + " ELSE " + now + " END,"
                + " CASE WHEN n % 100 = 0 THEN " + vip + " ELSE " + untagged + " END,"
                + " CASE WHEN n % 7 = 0 THEN 1 END";
    }

    private void printTimes(Store store, String middle) throws Exception {
        try (Stevedore node = Stevedore.builder().store(store).nodeId("probe").build();
             Dashboard dashboard = Dashboard.start(node, store, DashboardOptions.defaults().port(0))) {
            Http http = Http.anonymous(dashboard);
            long mid = rows / 2;
            for (String path : List.of("/", "/queues", "/jobs", "/jobs?state=held", "/jobs?state=available&queue=q3",
                    "/jobs?tag=vip", "/jobs?kind=probe.kind2&sort=oldest", "/jobs?before=" + mid, "/jobs?q=user424242%40",
                    "/jobs?q=no-such-text&limit=50", "/jobs?state=running", "/jobs?state=completed&queue=q3", "/jobs/" + mid,
                    "/nodes", "/issues", "/audit", "/batches", "/batches/1", "/batches/1?after=" + mid, "/cron", "/alerts",
                    // The time orders: unfiltered, deep, a common filter, and filters that match rarely or never.
                    "/jobs?sort=next", "/jobs?sort=finished", "/jobs?sort=finished&cursor=" + middle, "/jobs?sort=next&queue=q3",
                    "/jobs?sort=finished&state=discarded&queue=q3", "/jobs?sort=next&state=retryable&kind=probe.kind4",
                    "/jobs?sort=finished&state=cancelled", "/jobs?sort=finished&q=no-such-text",
                    "/jobs?sort=next&q=no-such-text", "/jobs?sort=next&tag=vip")) {
                // A viewer reloading a counting page every 1.1 s: past the second for which a cheap read's
                // counts would be served again, so each request asks the store, which serves its last costly
                // counts and reads them again in the background (ReusedCounts).
                time(http, path, path, REQUESTS, COUNTING_PAGES.contains(path) ? ReusedCounts.REUSE.toMillis() + 100 : 0);
            }
            // The first view after a quiet spell: the counts have aged out and the request reads them itself.
            long quiet = ReusedCounts.REUSE.plus(ReusedCounts.STALE).toMillis() + 1_500;
            for (String path : COUNTING_PAGES) {
                time(http, path + " (counts read afresh)", path, AFRESH_REQUESTS, quiet);
            }
        }
    }

    private static void time(Http http, String label, String path, int requests, long pauseMillis) throws Exception {
        long[] ms = new long[requests];
        for (int i = 0; i < ms.length; i++) {
            Thread.sleep(pauseMillis);
            long start = System.nanoTime();
            int status = http.get(path).statusCode();
            ms[i] = (System.nanoTime() - start) / 1_000_000;
            if (status != 200) {
                throw new AssertionError(path + " " + status);
            }
        }
        Arrays.sort(ms);
        System.out.printf("%-60s p50 %5d ms  p95 %5d ms  max %5d ms%n", label, percentile(ms, 50), percentile(ms, 95), ms[requests - 1]);
    }

    /** The nearest-rank percentile of sorted values: the smallest that at least {@code p} % of them do not exceed. */
    private static long percentile(long[] sorted, int p) {
        return sorted[(int) Math.ceil(p / 100.0 * sorted.length) - 1];
    }

    private static long count(Statement s, String table) throws SQLException {
        try (var rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The URL-encoded cursor of the first finished job at or above the middle id: a page deep in the finished order. */
    private String finishedCursor(Connection c, String table, boolean timestamps) throws SQLException {
        try (Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT finished_at, id FROM " + table + " WHERE id >= " + rows / 2
                     + " AND finished_at IS NOT NULL ORDER BY id LIMIT 1")) {
            rs.next();
            Instant finished = timestamps ? rs.getObject(1, OffsetDateTime.class).toInstant() : Instant.ofEpochMilli(rs.getLong(1));
            return URLEncoder.encode(new JobCursor(finished, rs.getLong(2)).text(), StandardCharsets.UTF_8);
        }
    }
}
