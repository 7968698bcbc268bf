package dev.stevedore.spi;

import dev.stevedore.Job;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The part of a limited claim ({@link ClaimRequest#limits()}) that every store does the same way, between
 * its statements: which claimed jobs need a decision and which keys to lock, then, with what the store
 * read under those locks, what to write back. For store authors; see {@link Store#jobClaim}.
 *
 * <pre>{@code
 * claimed = claim statement, with each row's stored keys
 * admission = ClaimAdmission.of(claimed, request.limits())
 * if (admission.needsDecision()) {
 *     lock admission.keys()
 *     state = read(...)   // running jobs of other nodes only when admission.countsOwnJobs()
 *     plan = admission.decide(state)
 * }
 * rows = write admission.settles() (and plan's lines); commit; return admission.jobs(rows)
 * on any failure after decide: admission.abandon()
 * }</pre>
 */
public final class ClaimAdmission {
    /** A claimed job and the keys stored with it (empty for none). */
    public record Claimed(Job job, List<String> storedKeys) {
        public Claimed {
            storedKeys = List.copyOf(storedKeys);
        }
    }

    /**
     * One job's change in the claim's last statement.
     *
     * @param jobId   the job
     * @param keys    the keys to store (empty for none), or null to keep the stored ones
     * @param retryAt for a refused job, when it is worth claiming again; null for an admitted one
     */
    public record Settle(long jobId, @Nullable List<String> keys, @Nullable Instant retryAt) {}

    private final List<Job> jobs;
    private final List<AdmitRequest> requests;
    private final Map<Long, List<String>> rekeyed;
    private final @Nullable HeldKeys held;
    private Map<Long, Instant> refused = Map.of();
    private List<AdmitRequest> holding = List.of();

    private ClaimAdmission(List<Job> jobs, List<AdmitRequest> requests, Map<Long, List<String>> rekeyed,
                           @Nullable HeldKeys held) {
        this.jobs = jobs;
        this.requests = requests;
        this.rekeyed = rekeyed;
        this.held = held;
    }

    /** Asks {@code limits} for each claimed job's concurrency limits and compares their keys with the stored ones. */
    public static ClaimAdmission of(List<Claimed> claimed, ClaimRequest.Limits limits) {
        List<Job> jobs = new ArrayList<>(claimed.size());
        List<AdmitRequest> requests = new ArrayList<>();
        Map<Long, List<String>> rekeyed = new HashMap<>();
        for (Claimed c : claimed) {
            Job job = c.job();
            jobs.add(job);
            List<LimitKey> limitsOfJob = limits.of(job);
            List<String> keys = limitsOfJob.stream().map(LimitKey::key).toList();
            if (!keys.equals(c.storedKeys())) {
                rekeyed.put(job.id(), keys);
            }
            if (!limitsOfJob.isEmpty()) {
                requests.add(new AdmitRequest(job.id(), job.attempt(), limitsOfJob));
            }
        }
        return new ClaimAdmission(jobs, requests, rekeyed, limits.heldHere());
    }

    /**
     * Whether the claiming node counts its own jobs ({@link ClaimRequest.Limits#heldHere}): then the store
     * reads the running jobs of other nodes only, and {@link #decide} adds the node's own.
     */
    public boolean countsOwnJobs() {
        return held != null;
    }

    /** Whether some claimed job is under a concurrency limit: then lock, read and {@link #decide}. */
    public boolean needsDecision() {
        return !requests.isEmpty();
    }

    /** The keys to lock, sorted ({@link Admissions#keys}). */
    public List<String> keys() {
        return Admissions.keys(requests);
    }

    /** The first-in-first-out keys, whose lines the store reads. */
    public List<String> fifoKeys() {
        return Admissions.fifoKeys(requests);
    }

    /** Every claimed job's id: the batch that the read of running jobs leaves out. */
    public List<Long> jobIds() {
        return jobs.stream().map(Job::id).toList();
    }

    /**
     * Decides with what the store read under the keys' locks; the plan's lines are the store's to write.
     * When the node counts its own jobs, they are added to what the store read, and the jobs admitted
     * now are held from here on: before the claim commits, so that the node's next claim, which can
     * only lock these keys once this one committed, counts them.
     */
    public Admissions.Plan decide(Admissions.State state) {
        Admissions.State counted = state;
        if (held != null) {
            Map<String, Integer> running = new HashMap<>(state.running());
            held.count(keys()).forEach((key, n) -> running.merge(key, n, Integer::sum));
            counted = new Admissions.State(state.now(), running, state.starts(), state.blocked(), state.waiting());
        }
        Admissions.Plan plan = Admissions.decide(requests, counted);
        refused = plan.admission().refused();
        if (held != null) {
            Set<Long> admitted = plan.admission().admitted();
            holding = requests.stream().filter(r -> admitted.contains(r.jobId())).toList();
            for (AdmitRequest request : holding) {
                held.hold(request.jobId(), request.attempt(), request.limits().stream().map(LimitKey::key).toList());
            }
        }
        return plan;
    }

    /** The claim did not commit (or it is unknown whether it did): what {@link #decide} held is let go. */
    public void abandon() {
        if (held != null) {
            for (AdmitRequest request : holding) {
                held.release(request.jobId(), request.attempt());
            }
        }
        holding = List.of();
    }

    /** What the claim's last statement changes: refused jobs put back, stored keys corrected. */
    public List<Settle> settles() {
        List<Settle> settles = new ArrayList<>();
        for (Job job : jobs) {
            List<String> keys = rekeyed.get(job.id());
            Instant retryAt = refused.get(job.id());
            if (keys != null || retryAt != null) {
                settles.add(new Settle(job.id(), keys, retryAt));
            }
        }
        return settles;
    }

    /** The claimed jobs in claim order, each as {@code settled} returned it if it was changed. */
    public List<Job> jobs(Map<Long, Job> settled) {
        if (settled.isEmpty()) {
            return jobs;
        }
        List<Job> out = new ArrayList<>(jobs.size());
        for (Job job : jobs) {
            out.add(Objects.requireNonNullElse(settled.get(job.id()), job));
        }
        return out;
    }
}
