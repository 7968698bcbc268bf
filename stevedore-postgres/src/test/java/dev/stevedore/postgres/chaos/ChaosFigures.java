package dev.stevedore.postgres.chaos;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a chaos run measured, checked against the ledger: the figures promised to be zero, and the ones
 * that say how hard the run was. Computed with SQL over the private cluster's tables once the workers
 * have stopped; the {@code kills} table holds each killed node and when ({@code node, killed_at}), and
 * {@code expected} every ref whose enqueue the suite saw acknowledged.
 *
 * @param promised  the figures that must be zero, by name
 * @param context   the others: sizes, disruptions and the at-least-once re-executions
 */
record ChaosFigures(Map<String, Long> promised, Map<String, String> context) {
    /** Whether every promised figure is zero. */
    boolean allZero() {
        return promised.values().stream().allMatch(v -> v == 0);
    }

    /** Prints the figures as a two-column table. */
    void print(PrintStream out) {
        out.println("chaos run figures");
        context.forEach((name, value) -> out.printf("  %-62s %s%n", name, value));
        promised.forEach((name, value) -> out.printf("  %-62s %d%s%n", name, value, value == 0 ? "" : "   <-- must be 0"));
    }

    /** Measures a finished run; {@code cronCutoff} is the last tick instant the run waited for. */
    static ChaosFigures measure(Connection c, String schema, ChaosProfile profile, Instant cronCutoff,
                                Map<String, String> context, StuckWatch stuck) throws SQLException {
        Map<String, Long> promised = new LinkedHashMap<>();
        Map<String, String> all = new LinkedHashMap<>(context);
        String s = schema;
        promised.put("jobs lost (enqueue acknowledged, no such job in the table)", scalar(c, """
                SELECT count(*) FROM %1$s.expected e WHERE NOT EXISTS (SELECT 1 FROM %1$s.jobs j
                 WHERE j.kind <> 'chaos.tick' AND (j.args->>'ref')::bigint = e.ref)""".formatted(s)));
        promised.put("jobs not completed when the run ended", scalar(c, """
                SELECT count(*) FROM %1$s.jobs WHERE state <> 'completed' AND (kind <> 'chaos.tick' OR %2$s <= '%3$s')"""
                .formatted(s, TICK, cronCutoff)));
        promised.put("jobs completed twice (2+ successful runs, no kill to explain it)", scalar(c, """
                SELECT count(*) FROM (SELECT job_id FROM %1$s.ledger WHERE ok AND node NOT IN (SELECT node FROM %1$s.kills)
                 GROUP BY job_id HAVING count(*) > 1) x""".formatted(s)));
        promised.put("successful runs on live nodes that did not become the completion", scalar(c, """
                SELECT count(*) FROM %1$s.ledger l JOIN %1$s.jobs j ON j.id = l.job_id
                 WHERE l.ok AND l.attempt <> j.attempt AND l.node NOT IN (SELECT node FROM %1$s.kills)""".formatted(s)));
        promised.put("completed jobs whose completing attempt never ran", scalar(c, """
                SELECT count(*) FROM %1$s.jobs j WHERE j.state = 'completed' AND NOT EXISTS
                 (SELECT 1 FROM %1$s.ledger l WHERE l.job_id = j.id AND l.attempt = j.attempt AND l.ok)""".formatted(s)));
        promised.put("attempts executed twice (fencing)", scalar(c, """
                SELECT count(*) FROM (SELECT 1 FROM %1$s.ledger GROUP BY job_id, attempt HAVING count(*) > 1) x""".formatted(s)));
        promised.put("jobs stuck in running past the rescue window", (long) stuck.stuck());
        promised.put("jobs still running at the end", scalar(c, "SELECT count(*) FROM %s.jobs WHERE state = 'running'".formatted(s)));
        Map<Instant, Long> ticks = ticks(c, s, cronCutoff);
        long duplicateTicks = ticks.values().stream().mapToLong(n -> n - 1).sum();
        long missingTicks = 0;
        if (!ticks.isEmpty()) {
            for (Instant t = ticks.keySet().iterator().next(); !t.isAfter(cronCutoff); t = t.plus(ChaosJobs.CRON_EVERY)) {
                missingTicks += ticks.containsKey(t) ? 0 : 1;
            }
        }
        promised.put("cron ticks enqueued twice", duplicateTicks);
        promised.put("cron ticks missing", missingTicks + (ticks.isEmpty() ? 1 : 0));
        promised.put("unique jobs duplicated", scalar(c,
                "SELECT count(*) - count(DISTINCT args->>'ref') FROM %s.jobs WHERE kind = 'chaos.unique'".formatted(s)));
        long[] rate = rateWindows(c, s, profile, START);
        long[] handlerRate = rateWindows(c, s, profile, "started_at");
        promised.put("rate limit: 1 s windows over " + profile.ratePerSecond() + " starts", rate[0]);
        long[] keyed = pair(c, """
                WITH iv AS (SELECT l.exec_id, l.limit_key k, l.started_at s,
                             coalesce(l.finished_at, kl.killed_at, l.started_at) e
                             FROM %1$s.ledger l LEFT JOIN %1$s.kills kl ON kl.node = l.node WHERE l.kind = 'chaos.keyed')
                SELECT count(*) FILTER (WHERE n > %2$d), coalesce(max(n), 0) FROM
                 (SELECT a.exec_id, count(*) n FROM iv a JOIN iv b ON b.k = a.k AND b.s <= a.s AND b.e > a.s GROUP BY a.exec_id) x"""
                .formatted(s, ChaosJobs.KEYED_CONCURRENCY));
        promised.put("per-key concurrency limit: starts with over " + ChaosJobs.KEYED_CONCURRENCY + " of its key running", keyed[0]);

        all.put("jobs in the table (incl. cron ticks)", Long.toString(scalar(c, "SELECT count(*) FROM %s.jobs".formatted(s))));
        all.put("executions in the ledger", Long.toString(scalar(c, "SELECT count(*) FROM %s.ledger".formatted(s))));
        all.put("re-executions after kills (at-least-once: the killed attempt ran again)", Long.toString(scalar(c, """
                SELECT count(*) FROM %1$s.ledger l JOIN %1$s.jobs j ON j.id = l.job_id
                 WHERE l.attempt <> j.attempt AND l.ok IS NOT false AND l.node IN (SELECT node FROM %1$s.kills)""".formatted(s))));
        all.put("planned failures (failing kind, retried)", Long.toString(scalar(c,
                "SELECT count(*) FROM %s.ledger WHERE kind = 'chaos.failing' AND ok = false".formatted(s))));
        all.put("jobs rescued from killed nodes", Long.toString(scalar(c,
                "SELECT count(*) FROM %s.jobs WHERE errors::text LIKE '%%stopped heartbeating%%'".formatted(s))));
        all.put("jobs left unfinished at the end, by state (with cron ticks after the cut-off)", rows(c, """
                SELECT state || ' ' || count(*) FROM %s.jobs WHERE state <> 'completed' GROUP BY state""".formatted(s)));
        all.put("jobs discarded", Long.toString(scalar(c, "SELECT count(*) FROM %s.jobs WHERE state = 'discarded'".formatted(s))));
        all.put("cron ticks checked (every " + ChaosJobs.CRON_EVERY.toSeconds() + " s)", Integer.toString(ticks.size()));
        all.put("most rated starts in any 1 s window (limit " + profile.ratePerSecond() + ")", Long.toString(rate[1]));
        all.put("the same by the handlers' own first clock reading: windows over / most in one",
                handlerRate[0] + " / " + handlerRate[1]);
        all.put("most keyed jobs of one key running at once (limit " + ChaosJobs.KEYED_CONCURRENCY + ")", Long.toString(keyed[1]));
        all.put("longest a job stayed running after its node was killed",
                seconds(stuck.longestRunningAfterKill()) + " (bound: rescue window " + seconds(profile.rescueAfter())
                        + " + " + seconds(StuckWatch.FAILOVER) + ")");
        return new ChaosFigures(promised, all);
    }

    /** A start, for the rate limit: when the runtime announced it (STARTED), else the handler's reading. */
    private static final String START = "coalesce(announced_at, started_at)";

    /** Rated starts (by {@code start}): the 1 s windows holding more than the limit, and the most in one. */
    private static long[] rateWindows(Connection c, String schema, ChaosProfile profile, String start) throws SQLException {
        return pair(c, """
                SELECT count(*) FILTER (WHERE n > %2$d), coalesce(max(n), 0) FROM (SELECT count(*) OVER (ORDER BY %4$s
                 RANGE BETWEEN CURRENT ROW AND INTERVAL '%3$d microseconds' FOLLOWING) n
                 FROM %1$s.ledger WHERE kind = 'chaos.rated') x""".formatted(schema, profile.ratePerSecond(),
                ChaosJobs.RATE_PERIOD.toNanos() / 1000 - 1, start));
    }

    /** The tick a cron job was enqueued for, as a timestamp. */
    private static final String TICK = "(metadata->>'stevedore.cron.tick')::timestamptz";

    private static Map<Instant, Long> ticks(Connection c, String schema, Instant cutoff) throws SQLException {
        Map<Instant, Long> ticks = new TreeMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT %2$s, count(*) FROM %1$s.jobs"
                .formatted(schema, TICK) + " WHERE kind = 'chaos.tick' AND %s <= '%s' GROUP BY 1".formatted(TICK, cutoff))) {
            while (rs.next()) {
                ticks.put(rs.getObject(1, java.time.OffsetDateTime.class).toInstant(), rs.getLong(2));
            }
        }
        return ticks;
    }

    /**
     * Prints what explains any promised figure that is not zero: the jobs not completed, the jobs seen
     * stuck, the busiest windows of the rate limit, with their ledger rows.
     */
    static void explain(Connection c, String schema, ChaosProfile profile, StuckWatch stuck, PrintStream out)
            throws SQLException {
        out.println("not completed (up to 10): " + rows(c, """
                SELECT id || ' ' || kind || ' ' || state || ' attempt ' || attempt || ' by ' || coalesce(attempted_by, '-')
                 || ' due ' || scheduled_at || ' errors ' || left(errors::text, 300)
                 FROM %s.jobs WHERE state <> 'completed' ORDER BY id LIMIT 10""".formatted(schema)));
        out.println("stuck (job/attempt): " + stuck.stuckJobs());
        out.println("completed, but no successful run of the completing attempt (up to 10): " + rows(c, """
                SELECT j.id || ' ' || j.kind || ' attempt ' || j.attempt || ' by ' || j.attempted_by || ' finished '
                 || j.finished_at || ' errors ' || left(j.errors::text, 300) || ' ledger: ' || coalesce((SELECT string_agg(
                  l.attempt || ' ' || l.node || ' ' || to_char(l.started_at, 'HH24:MI:SS.MS') || coalesce(' ok=' || l.ok, ' unfinished'),
                  ', ' ORDER BY l.started_at) FROM %1$s.ledger l WHERE l.job_id = j.id), 'none')
                 FROM %1$s.jobs j WHERE j.state = 'completed' AND NOT EXISTS (SELECT 1 FROM %1$s.ledger l
                  WHERE l.job_id = j.id AND l.attempt = j.attempt AND l.ok) ORDER BY j.id LIMIT 10""".formatted(schema)));
        out.println("successful runs on live nodes that did not become the completion (up to 10): " + rows(c, """
                SELECT j.id || ' ' || j.kind || ' completed by attempt ' || j.attempt || ' on ' || j.attempted_by
                 || ' errors ' || left(j.errors::text, 600) || ' ledger: ' || (SELECT string_agg(l2.attempt || ' ' || l2.node
                  || ' ' || to_char(l2.started_at, 'HH24:MI:SS.MS') || '-' || coalesce(to_char(l2.finished_at, 'HH24:MI:SS.MS'), '?')
                  || coalesce(' ok=' || l2.ok, ' unfinished'), ', ' ORDER BY l2.started_at) FROM %1$s.ledger l2 WHERE l2.job_id = j.id)
                 FROM %1$s.jobs j WHERE j.id IN (SELECT l.job_id FROM %1$s.ledger l JOIN %1$s.jobs j2 ON j2.id = l.job_id
                  WHERE l.ok AND l.attempt <> j2.attempt AND l.node NOT IN (SELECT node FROM %1$s.kills))
                 ORDER BY j.id LIMIT 10""".formatted(schema)));
        out.println("kills: " + rows(c, "SELECT node || ' ' || to_char(killed_at, 'HH24:MI:SS.MS') FROM %s.kills ORDER BY killed_at"
                .formatted(schema)));
        out.println("jobs with two successful runs on live nodes (up to 10): " + rows(c, """
                SELECT l.job_id || ': ' || string_agg(l.attempt || ' ' || l.node || ' ' || to_char(l.started_at, 'HH24:MI:SS.MS')
                 || coalesce(' ok=' || l.ok, ' unfinished'), ', ' ORDER BY l.started_at)
                 FROM %1$s.ledger l WHERE l.job_id IN (SELECT job_id FROM %1$s.ledger WHERE ok
                  AND node NOT IN (SELECT node FROM %1$s.kills) GROUP BY job_id HAVING count(*) > 1)
                 GROUP BY l.job_id ORDER BY l.job_id LIMIT 10""".formatted(schema)));
        out.println("rated starts in windows over the limit: " + rows(c, """
                WITH w AS (SELECT exec_id, %3$s s, count(*) OVER (ORDER BY %3$s RANGE BETWEEN CURRENT ROW
                            AND INTERVAL '999999 microseconds' FOLLOWING) n FROM %1$s.ledger WHERE kind = 'chaos.rated'),
                 over AS (SELECT s FROM w WHERE n > %2$d ORDER BY s LIMIT 3)
                SELECT 'window from ' || o.s || ': ' || string_agg(l.job_id || '/' || l.attempt || ' ' || l.node || ' announced '
                        || coalesce(to_char(l.announced_at, 'HH24:MI:SS.MS'), '-') || ' handler '
                        || to_char(l.started_at, 'HH24:MI:SS.MS') || coalesce(' ok=' || l.ok, ' unfinished'), ', ' ORDER BY %4$s)
                 FROM over o JOIN %1$s.ledger l ON l.kind = 'chaos.rated' AND %4$s >= o.s
                  AND %4$s < o.s + INTERVAL '1 second' GROUP BY o.s""".formatted(schema, profile.ratePerSecond(), START,
                "coalesce(l.announced_at, l.started_at)")));
        out.println("rate slot changes around the first window over the limit: " + rows(c, """
                WITH w AS (SELECT %3$s s, count(*) OVER (ORDER BY %3$s RANGE BETWEEN CURRENT ROW
                            AND INTERVAL '999999 microseconds' FOLLOWING) n FROM %1$s.ledger WHERE kind = 'chaos.rated'),
                 first AS (SELECT min(s) s FROM w WHERE n > %2$d)
                SELECT to_char(a.at, 'HH24:MI:SS.MS') || ' tx ' || to_char(a.tx_start, 'HH24:MI:SS.MS') || ' ' || a.node
                        || ' ' || a.op || ' slot ' || a.slot || ' ' || coalesce(a.before::text, '-') || ' -> '
                        || coalesce(a.after::text, '-')
                 FROM %1$s.slot_audit a, first f WHERE f.s IS NOT NULL AND a.key LIKE '%4$s%%'
                  AND a.at BETWEEN f.s - INTERVAL '2 seconds' AND f.s + INTERVAL '2 seconds' ORDER BY a.at"""
                .formatted(schema, profile.ratePerSecond(), START, ChaosJobs.RATE_LIMIT)));
    }

    /**
     * Statements that record every change to the rate slots (the store's count of starts), with the
     * writing transaction's clock and node (its connection's application name), so a window over the
     * limit can be traced to the leases that admitted its starts. The suite's instrument, not the store's.
     */
    static String[] slotAudit(String schema) {
        return new String[] {
            "CREATE TABLE %s.slot_audit (at timestamptz NOT NULL DEFAULT clock_timestamp(), tx_start timestamptz NOT NULL"
                    .formatted(schema) + " DEFAULT now(), node text, op text, key text, slot bigint, before int, after int)",
            """
            CREATE FUNCTION %1$s.audit_slot() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO %1$s.slot_audit (node, op, key, slot, before, after)
                VALUES (current_setting('application_name'), TG_OP, coalesce(NEW.key, OLD.key), coalesce(NEW.slot, OLD.slot),
                        CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.starts END,
                        CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.starts END);
                RETURN NULL;
            END $$""".formatted(schema),
            "CREATE TRIGGER audit_slot AFTER INSERT OR UPDATE OR DELETE ON %1$s.limit_slots FOR EACH ROW EXECUTE FUNCTION %1$s.audit_slot()"
                    .formatted(schema)
        };
    }

    private static String rows(Connection c, String sql) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.append(out.isEmpty() ? "" : "\n    ").append(rs.getString(1));
            }
        }
        return out.isEmpty() ? "none" : out.toString();
    }

    private static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }

    private static long scalar(Connection c, String sql) throws SQLException {
        return pair(c, sql)[0];
    }

    private static long[] pair(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            int columns = rs.getMetaData().getColumnCount();
            return columns == 1 ? new long[] {rs.getLong(1)} : new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }
}
