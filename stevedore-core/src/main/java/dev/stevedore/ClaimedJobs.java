package dev.stevedore;

import dev.stevedore.spi.ClaimRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What becomes of a claim before its jobs start: jobs claimed after their start or job deadline are
 * discarded without running, jobs a concurrency limit refused are announced, and the rest pass the
 * breakers and rates. Shared by the producers and by {@link NodeSteps}, so a test runs what a worker would.
 */
final class ClaimedJobs {
    private final NodeConfig config;
    private final Completer completer;
    private final Settler settler;
    private final Gate gate;

    ClaimedJobs(NodeConfig config, Completer completer, Settler settler, Gate gate) {
        this.config = config;
        this.completer = completer;
        this.settler = settler;
        this.gate = gate;
    }

    /**
     * The claimed jobs that may start now, in claim order, each with the moment it must start by; the
     * others are settled through the completer.
     */
    List<AdmittedJob> startable(List<Job> claimed, ClaimRequest.Limits limits) {
        List<Job> inTime = discardTooLate(limits == ClaimRequest.Limits.NONE ? claimed : gate.refusedAtClaim(claimed));
        try {
            return gate.admit(inTime);
        } catch (RuntimeException e) {
            // Claimed jobs are running under this live node: unless handed back they would wait for its
            // restart. A job the gate already settled (held back) ends with one of its two outcomes;
            // both give it back without using an attempt.
            inTime.forEach(job -> completer.add(settler.handedBack(job, Duration.ZERO)));
            throw e;
        }
    }

    /**
     * The claimed jobs that may still run. Those claimed after their start or job deadline are settled
     * as discarded without running, before flow control sees them (they take no limit, probe or slot),
     * in the completer's next batch: no round trip of their own. A job without deadlines costs two null
     * tests.
     */
    private List<Job> discardTooLate(List<Job> claimed) {
        List<Job> live = null;
        for (int i = 0; i < claimed.size(); i++) {
            Job job = claimed.get(i);
            LimitReached tooLate = Deadlines.atClaim(job, config.nodeId());
            if (tooLate != null) {
                completer.add(settler.expired(job, tooLate));
                if (live == null) {
                    live = new ArrayList<>(claimed.subList(0, i));
                }
            } else if (live != null) {
                live.add(job);
            }
        }
        return live == null ? claimed : live;
    }
}
