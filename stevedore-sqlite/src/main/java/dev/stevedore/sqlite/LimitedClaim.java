package dev.stevedore.sqlite;

import static dev.stevedore.sqlite.Db.params;

import dev.stevedore.Job;
import dev.stevedore.spi.Admissions;
import dev.stevedore.spi.ClaimAdmission;
import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.jdbc.StoreJson;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A claim that admits its jobs under their concurrency limits in its own write transaction (see
 * {@link dev.stevedore.spi.Store#jobClaim}): the claim statement, a count of the running jobs holding the
 * batch's keys, the decision, and one statement putting refused jobs back and correcting stored keys.
 * SQLite runs one write transaction at a time, so nothing can commit between the claim and the count:
 * no key locks are needed. A batch whose jobs carry the keys their node computes and are all admitted
 * writes nothing beyond the claim itself.
 */
final class LimitedClaim {
    private final Db db;
    private final FlowControl flow;
    private final InstantSource clock;

    LimitedClaim(Db db, FlowControl flow, InstantSource clock) {
        this.db = db;
        this.flow = flow;
        this.clock = clock;
    }

    List<Job> claim(ClaimRequest request) {
        ClaimAdmission[] decided = new ClaimAdmission[1];
        try {
            return db.write("jobClaim", c -> {
                long now = clock.millis();
                List<ClaimAdmission.Claimed> claimed = new ArrayList<>(db.list(c, "job_claim", params("queue",
                        request.queue(), "limit", request.limit(), "node", request.nodeId(), "now", now),
                        rs -> new ClaimAdmission.Claimed(JobRows.job(rs), StoreJson.strings(rs.getString("limit_keys")))));
                if (claimed.isEmpty()) {
                    return List.of();
                }
                claimed.sort((a, b) -> JobRows.CLAIM_ORDER.compare(a.job(), b.job()));
                ClaimAdmission admission = ClaimAdmission.of(claimed, request.limits());
                if (admission.needsDecision()) {
                    Admissions.State state = read(c, request.nodeId(), admission, Instant.ofEpochMilli(now));
                    decided[0] = admission;
                    Admissions.Plan plan = admission.decide(state);
                    flow.writeLines(c, plan.waits(), plan.served());
                }
                return admission.jobs(settle(c, admission.settles()));
            });
        } catch (RuntimeException | Error e) {
            if (decided[0] != null) {
                decided[0].abandon();
            }
            throw e;
        }
    }

    private Admissions.State read(Connection c, String node, ClaimAdmission admission, Instant now)
            throws SQLException {
        List<String> keys = admission.keys();
        String ids = StoreJson.longs(admission.jobIds());
        Map<String, Integer> running = new HashMap<>();
        db.list(c, "claim_holders", params("keys", StoreJson.strings(keys), "ids", ids, "node", node,
                        "own_counted", admission.countsOwnJobs() ? 1 : 0),
                rs -> running.put(rs.getString("key"), rs.getInt("n")));
        return new Admissions.State(now, running, Map.of(), flow.blocked(c, keys, now),
                flow.waiting(c, admission.fifoKeys(), ids));
    }

    /** Writes the settles; returns the settled jobs as they are now, by id. */
    private Map<Long, Job> settle(Connection c, List<ClaimAdmission.Settle> settles) throws SQLException {
        if (settles.isEmpty()) {
            return Map.of();
        }
        List<List<Object>> rows = new ArrayList<>(settles.size());
        for (ClaimAdmission.Settle s : settles) {
            rows.add(Arrays.asList(s.jobId(), s.keys() == null ? 0 : 1,
                    s.keys() == null ? null : StoreJson.strings(s.keys()),
                    s.retryAt() == null ? null : s.retryAt().toEpochMilli()));
        }
        Map<Long, Job> settled = new HashMap<>();
        db.list(c, "claim_settle", params("batch", StoreJson.rows(rows)), rs -> settled.put(rs.getLong("id"), JobRows.job(rs)));
        return settled;
    }
}
