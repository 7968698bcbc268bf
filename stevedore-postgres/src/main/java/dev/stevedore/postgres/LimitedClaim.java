package dev.stevedore.postgres;

import static dev.stevedore.postgres.Db.array;
import static dev.stevedore.postgres.Db.params;
import static dev.stevedore.postgres.FlowControl.column;
import static dev.stevedore.postgres.FlowControl.texts;

import dev.stevedore.Job;
import dev.stevedore.spi.Admissions;
import dev.stevedore.spi.ClaimAdmission;
import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.jdbc.StoreJson;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A claim that admits its jobs under their concurrency limits in its own transaction (see
 * {@link dev.stevedore.spi.Store#jobClaim}): the claim statement, the batch's key locks, a read of the
 * running jobs holding those keys (a new statement, so a new snapshot: see claim_holders), the decision,
 * and one statement putting refused jobs back and correcting stored keys. A batch whose jobs all carry
 * the keys their node computes and are all admitted writes nothing beyond the claim itself: the running
 * row is the hold.
 */
final class LimitedClaim {
    private final Db db;
    private final FlowControl flow;

    LimitedClaim(Db db, FlowControl flow) {
        this.db = db;
        this.flow = flow;
    }

    List<Job> claim(ClaimRequest request) {
        ClaimAdmission[] decided = new ClaimAdmission[1];
        try {
            return db.inTransaction("jobClaim", c -> {
                List<ClaimAdmission.Claimed> claimed = db.list(c, "job_claim", params("queue", request.queue(),
                        "limit", request.limit(), "node", request.nodeId()),
                        rs -> new ClaimAdmission.Claimed(JobRows.job(rs), storedKeys(rs)));
                if (claimed.isEmpty()) {
                    return List.of();
                }
                claimed.sort((a, b) -> JobRows.CLAIM_ORDER.compare(a.job(), b.job()));
                ClaimAdmission admission = ClaimAdmission.of(claimed, request.limits());
                Admissions.Plan plan = null;
                if (admission.needsDecision()) {
                    List<String> keys = admission.keys();
                    flow.lock(c, keys);
                    Admissions.State state = read(c, request.nodeId(), admission, keys);
                    decided[0] = admission;
                    plan = admission.decide(state);
                }
                return admission.jobs(settle(c, admission.settles(), plan));
            });
        } catch (RuntimeException | Error e) {
            if (decided[0] != null) {
                decided[0].abandon();
            }
            throw e;
        }
    }

    private Admissions.State read(Connection c, String node, ClaimAdmission admission, List<String> keys)
            throws SQLException {
        Map<String, Integer> running = new HashMap<>();
        Map<String, Instant> blocked = new HashMap<>();
        Map<String, Long> waiting = new HashMap<>();
        Instant[] now = new Instant[1];
        db.list(c, "claim_holders", params("keys", texts(c, keys), "fifo_keys", texts(c, admission.fifoKeys()),
                "job_ids", array(c, "int8", admission.jobIds().toArray(Long[]::new)), "node", node,
                "own_counted", admission.countsOwnJobs()), rs -> {
            switch (rs.getString("what")) {
                case "now" -> now[0] = JobRows.instant(rs, "at");
                case "held" -> running.put(rs.getString("key"), rs.getInt("n"));
                case "waiting" -> waiting.put(rs.getString("key"), rs.getLong("n"));
                default -> blocked.put(rs.getString("key"), JobRows.instant(rs, "at"));
            }
            return null;
        });
        return new Admissions.State(Objects.requireNonNull(now[0], "claim_holders returned no clock row"), running,
                Map.of(), blocked, waiting);
    }

    /** Writes the settles and the plan's lines; returns the settled jobs as they are now, by id. */
    private Map<Long, Job> settle(Connection c, List<ClaimAdmission.Settle> settles, Admissions.Plan plan)
            throws SQLException {
        List<Admissions.Wait> waits = plan == null ? List.of() : plan.waits();
        List<Admissions.Wait> served = plan == null ? List.of() : plan.served();
        if (settles.isEmpty() && waits.isEmpty() && served.isEmpty()) {
            return Map.of();
        }
        Map<Long, Job> settled = new HashMap<>();
        db.list(c, "claim_settle", params(
                "ids", column(c, "int8", settles, ClaimAdmission.Settle::jobId, Long[]::new),
                "rekey", column(c, "bool", settles, s -> s.keys() != null, Boolean[]::new),
                "keys", column(c, "text", settles, s -> s.keys() == null ? null : StoreJson.strings(s.keys()),
                        String[]::new),
                "retry_at_ms", column(c, "int8", settles, s -> s.retryAt() == null ? null : s.retryAt().toEpochMilli(),
                        Long[]::new),
                "wait_keys", column(c, "text", waits, Admissions.Wait::key, String[]::new),
                "wait_ids", column(c, "int8", waits, Admissions.Wait::jobId, Long[]::new),
                "served_keys", column(c, "text", served, Admissions.Wait::key, String[]::new),
                "served_ids", column(c, "int8", served, Admissions.Wait::jobId, Long[]::new)),
                rs -> settled.put(rs.getLong("id"), JobRows.job(rs)));
        return settled;
    }

    /** The keys stored with a claimed job, in their stored order; empty for none. */
    private static List<String> storedKeys(ResultSet rs) throws SQLException {
        Array keys = rs.getArray("limit_keys");
        return keys == null ? List.of() : List.of((String[]) keys.getArray());
    }
}
