package dev.stevedore.postgres;

import static dev.stevedore.postgres.Db.array;
import static dev.stevedore.postgres.Db.params;

import dev.stevedore.BreakerChange;
import dev.stevedore.BreakerState;
import dev.stevedore.spi.Admissions;
import dev.stevedore.spi.BreakerDecisions;
import dev.stevedore.spi.BreakerReport;
import dev.stevedore.spi.RateAsk;
import dev.stevedore.spi.RateGrant;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Rate leases and circuit breakers on PostgreSQL, and the key locks that limited claims
 * ({@link LimitedClaim}) take too. A rate lease is one transaction of three statements: advisory locks on
 * its keys, one read of everything the decision needs, one write of the plan.
 */
final class FlowControl {
    private final Db db;

    FlowControl(Db db) {
        this.db = db;
    }

    List<RateGrant> lease(List<RateAsk> asks) {
        List<String> keys = asks.stream().map(a -> a.limit().key()).distinct().sorted().toList();
        return db.inTransaction("rateLease", c -> {
            lock(c, keys);
            Admissions.LeasePlan plan = Admissions.lease(asks, read(c, keys));
            write(c, plan.starts(), plan.floors());
            return plan.grants();
        });
    }

    /** Takes the keys' transaction-scoped locks, in the order given (sorted by the caller). */
    void lock(Connection c, List<String> keys) throws SQLException {
        db.list(c, "flow_lock", params("keys", texts(c, keys)), rs -> rs.getLong(1));
    }

    private Admissions.State read(Connection c, List<String> keys) throws SQLException {
        Map<String, Map<Long, Integer>> starts = new HashMap<>();
        Map<String, Instant> blocked = new HashMap<>();
        Instant[] now = new Instant[1];
        db.list(c, "rate_read", params("keys", texts(c, keys)), rs -> {
            switch (rs.getString("what")) {
                case "now" -> now[0] = JobRows.instant(rs, "at");
                case "slot" -> starts.computeIfAbsent(rs.getString("key"), k -> new HashMap<>())
                        .put(rs.getLong("slot"), rs.getInt("n"));
                default -> blocked.put(rs.getString("key"), JobRows.instant(rs, "at"));
            }
            return null;
        });
        return new Admissions.State(Objects.requireNonNull(now[0], "rate_read returned no clock row"), Map.of(), starts,
                blocked);
    }

    private void write(Connection c, List<Admissions.SlotStarts> starts, List<Admissions.SlotFloor> floors)
            throws SQLException {
        if (starts.isEmpty() && floors.isEmpty()) {
            return;
        }
        db.list(c, "rate_write", params(
                "slot_keys", column(c, "text", starts, Admissions.SlotStarts::key, String[]::new),
                "slots", column(c, "int8", starts, Admissions.SlotStarts::slot, Long[]::new),
                "slot_starts", column(c, "int4", starts, Admissions.SlotStarts::starts, Integer[]::new),
                "slot_expires_ms", column(c, "int8", starts, st -> st.expires().toEpochMilli(), Long[]::new),
                "floor_keys", column(c, "text", floors, Admissions.SlotFloor::key, String[]::new),
                "floors", column(c, "int8", floors, Admissions.SlotFloor::oldest, Long[]::new)),
                rs -> rs.getLong(1));
    }

    /** One field of every row, as the array parameter that the statement unnests beside the others. */
    static <T, V> Array column(Connection c, String type, List<T> rows, Function<T, V> field,
                               IntFunction<V[]> newArray) throws SQLException {
        return array(c, type, rows.stream().map(field).toArray(newArray));
    }

    void block(List<String> keys, Instant until) {
        db.with("limitBlock", c -> db.update(c, "limit_block", params("keys", texts(c, keys), "until", utc(until))));
    }

    int sweep() {
        return db.list("flowSweep", "flow_sweep", Map.of(), rs -> rs.getInt(1)).get(0);
    }

    List<BreakerChange> record(List<BreakerReport> reports) {
        List<BreakerChange> changes = new ArrayList<>();
        for (BreakerReport report : reports) {
            db.inTransaction("breakerRecord", c -> {
                db.update(c, "breaker_ensure", params("name", report.name()));
                record Locked(BreakerState state, Long probeJobId, int probeAttempt, Instant now) {}
                Locked locked = db.list(c, "breaker_lock", params("name", report.name()), rs -> new Locked(state(rs),
                        rs.getObject("probe_job_id", Long.class), rs.getInt("probe_attempt"), JobRows.instant(rs, "now")))
                        .get(0);
                BreakerState current = locked.state();
                Instant now = locked.now();
                long slotMillis = report.rule().slotMillis();
                long slot = now.toEpochMilli() / slotMillis;
                long[] window = db.list(c, "breaker_count", params("name", report.name(), "slot", slot,
                        "successes", report.successes(), "failures", report.failures(),
                        "expires", utc(now.plus(report.rule().window()).plusMillis(2 * slotMillis)),
                        "oldest", slot - dev.stevedore.spi.LimitKey.SLOTS),
                        rs -> new long[] {rs.getLong("successes"), rs.getLong("failures")}).get(0);
                BreakerState next = BreakerDecisions.next(current, locked.probeJobId(), locked.probeAttempt(), window[0],
                        window[1], report, now);
                if (next.status() != current.status()) {
                    db.update(c, "breaker_set", params("name", next.name(), "status", next.status().dbName(),
                            "since", utc(next.since()), "open_until", next.openUntil() == null ? null : utc(next.openUntil()),
                            "reason", next.reason()));
                    db.update(c, "breaker_clear_window", params("name", next.name()));
                    changes.add(new BreakerChange(next.name(), current.status(), next.status(), next.since(), next.reason()));
                }
                return null;
            });
        }
        return changes;
    }

    boolean probe(String name, long jobId, int attempt) {
        return !db.list("breakerProbe", "breaker_probe", params("name", name, "job_id", jobId, "attempt", attempt),
                rs -> rs.getString(1)).isEmpty();
    }

    List<BreakerState> list() {
        return db.list("breakerList", "breaker_list", Map.of(), FlowControl::state);
    }

    private static BreakerState state(java.sql.ResultSet rs) throws SQLException {
        return new BreakerState(rs.getString("name"), BreakerState.Status.fromDb(rs.getString("status")),
                JobRows.instant(rs, "since"), JobRows.instant(rs, "open_until"), rs.getString("reason"));
    }

    static Array texts(Connection c, List<String> values) throws SQLException {
        return array(c, "text", values.toArray(String[]::new));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
