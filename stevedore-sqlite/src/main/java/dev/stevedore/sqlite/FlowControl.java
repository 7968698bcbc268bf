package dev.stevedore.sqlite;

import static dev.stevedore.sqlite.Db.params;

import dev.stevedore.BreakerChange;
import dev.stevedore.BreakerState;
import dev.stevedore.spi.Admissions;
import dev.stevedore.spi.BreakerDecisions;
import dev.stevedore.spi.BreakerReport;
import dev.stevedore.spi.LimitKey;
import dev.stevedore.spi.RateAsk;
import dev.stevedore.spi.RateGrant;
import dev.stevedore.spi.jdbc.StoreJson;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rate leases and circuit breakers on SQLite, and the reads and writes of blocks and first-in-first-out
 * lines that limited claims ({@link LimitedClaim}) share. Each lease and each breaker report is one write
 * transaction, which SQLite runs alone: reading the keys' state and writing the decision cannot
 * interleave with another node's (there is only one process writing at a time).
 */
final class FlowControl {
    private final Db db;
    private final InstantSource clock;

    FlowControl(Db db, InstantSource clock) {
        this.db = db;
        this.clock = clock;
    }

    List<RateGrant> lease(List<RateAsk> asks) {
        List<String> keys = asks.stream().map(a -> a.limit().key()).distinct().sorted().toList();
        return db.write("rateLease", c -> {
            Instant now = clock.instant();
            Admissions.LeasePlan plan = Admissions.lease(asks,
                    new Admissions.State(now, Map.of(), slots(c, keys), blocked(c, keys, now)));
            writeSlots(c, plan.starts(), plan.floors());
            return plan.grants();
        });
    }

    /** Starts counted per slot, per rate key. */
    private Map<String, Map<Long, Integer>> slots(Connection c, List<String> rateKeys) throws SQLException {
        Map<String, Map<Long, Integer>> starts = new HashMap<>();
        if (!rateKeys.isEmpty()) {
            db.list(c, "flow_slots", params("keys", StoreJson.strings(rateKeys)), rs -> starts
                    .computeIfAbsent(rs.getString("key"), k -> new HashMap<>()).put(rs.getLong("slot"), rs.getInt("starts")));
        }
        return starts;
    }

    /** Blocks of the keys that have not ended. */
    Map<String, Instant> blocked(Connection c, List<String> keys, Instant now) throws SQLException {
        Map<String, Instant> blocked = new HashMap<>();
        db.list(c, "flow_blocked", params("keys", StoreJson.strings(keys), "now", now.toEpochMilli()),
                rs -> blocked.put(rs.getString("key"), Instant.ofEpochMilli(rs.getLong("blocked_until"))));
        return blocked;
    }

    /**
     * The line of each first-in-first-out key outside the claim's batch ({@code ids}, a JSON array): its
     * oldest unfinished refused job.
     */
    Map<String, Long> waiting(Connection c, List<String> fifoKeys, String ids) throws SQLException {
        Map<String, Long> waiting = new HashMap<>();
        if (!fifoKeys.isEmpty()) {
            db.list(c, "flow_waiting", params("keys", StoreJson.strings(fifoKeys), "ids", ids),
                    rs -> waiting.put(rs.getString("key"), rs.getLong("job_id")));
        }
        return waiting;
    }

    /** Records places in line of refused jobs and drops those of admitted ones. */
    void writeLines(Connection c, List<Admissions.Wait> waits, List<Admissions.Wait> served) throws SQLException {
        if (!waits.isEmpty()) {
            db.update(c, "flow_wait", params("batch", StoreJson.rows(waits.stream()
                    .map(w -> List.<Object>of(w.key(), w.jobId())).toList())));
        }
        if (!served.isEmpty()) {
            db.update(c, "flow_served", params("batch", StoreJson.rows(served.stream()
                    .map(w -> List.<Object>of(w.key(), w.jobId())).toList())));
        }
    }

    /** Adds starts to rate slots (negative ones return a lease's unused tokens) and drops slots past their window. */
    private void writeSlots(Connection c, List<Admissions.SlotStarts> starts, List<Admissions.SlotFloor> floors)
            throws SQLException {
        if (!starts.isEmpty()) {
            db.update(c, "flow_add_starts", params("batch", StoreJson.rows(starts.stream()
                    .map(st -> List.<Object>of(st.key(), st.slot(), st.starts(), st.expires().toEpochMilli())).toList())));
        }
        if (!floors.isEmpty()) {
            db.update(c, "flow_drop_slots", params("batch", StoreJson.rows(floors.stream()
                    .map(f -> List.<Object>of(f.key(), f.oldest())).toList())));
        }
    }

    void block(List<String> keys, Instant until) {
        db.write("limitBlock", c -> db.update(c, "limit_block",
                params("keys", StoreJson.strings(keys), "until", until.toEpochMilli())));
    }

    int sweep() {
        return db.write("flowSweep", c -> {
            Map<String, Object> now = params("now", clock.millis());
            return db.update(c, "flow_sweep_waits", Map.of())
                    + db.update(c, "flow_sweep_slots", now)
                    + db.update(c, "flow_sweep_blocks", now) + db.update(c, "flow_sweep_breaker_slots", now);
        });
    }

    List<BreakerChange> record(List<BreakerReport> reports) {
        return db.write("breakerRecord", c -> {
            List<BreakerChange> changes = new ArrayList<>();
            for (BreakerReport report : reports) {
                Instant now = clock.instant();
                db.update(c, "breaker_ensure", params("name", report.name(), "now", now.toEpochMilli()));
                Object[] probe = new Object[2];
                BreakerState current = db.list(c, "breaker_get", params("name", report.name()), rs -> {
                    probe[0] = rs.getObject("probe_job_id") == null ? null : rs.getLong("probe_job_id");
                    probe[1] = rs.getInt("probe_attempt");
                    return state(rs);
                }).get(0);
                long slotMillis = report.rule().slotMillis();
                long slot = now.toEpochMilli() / slotMillis;
                long oldest = slot - LimitKey.SLOTS;
                db.update(c, "breaker_add", params("name", report.name(), "slot", slot, "successes", report.successes(),
                        "failures", report.failures(),
                        "expires", now.plus(report.rule().window()).plusMillis(2 * slotMillis).toEpochMilli()));
                db.update(c, "breaker_drop_slots", params("name", report.name(), "oldest", oldest));
                long[] window = db.list(c, "breaker_window", params("name", report.name(), "oldest", oldest),
                        rs -> new long[] {rs.getLong("successes"), rs.getLong("failures")}).get(0);
                BreakerState next = BreakerDecisions.next(current, (Long) probe[0], (Integer) probe[1], window[0], window[1],
                        report, now);
                if (next.status() != current.status()) {
                    db.update(c, "breaker_set", params("name", next.name(), "status", next.status().dbName(),
                            "since", next.since().toEpochMilli(),
                            "open_until", next.openUntil() == null ? null : next.openUntil().toEpochMilli(),
                            "reason", next.reason()));
                    db.update(c, "breaker_clear_window", params("name", next.name()));
                    changes.add(new BreakerChange(next.name(), current.status(), next.status(), next.since(), next.reason()));
                }
            }
            return changes;
        });
    }

    boolean probe(String name, long jobId, int attempt) {
        return db.write("breakerProbe", c -> db.update(c, "breaker_probe",
                params("name", name, "job_id", jobId, "attempt", attempt, "now", clock.millis())) > 0);
    }

    List<BreakerState> list() {
        return db.read("breakerList", c -> db.list(c, "breaker_list", Map.of(), FlowControl::state));
    }

    private static BreakerState state(ResultSet rs) throws SQLException {
        return new BreakerState(rs.getString("name"), BreakerState.Status.fromDb(rs.getString("status")),
                JobRows.instant(rs, "since"), JobRows.instant(rs, "open_until"), rs.getString("reason"));
    }
}
