package dev.stevedore.spi;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The concurrency keys a node's own jobs hold, as the node knows them: each job admitted by one of its
 * claims holds its keys from just before that claim commits until its outcome is written back. Thread
 * safe; one per node, shared by its queues. A claim that {@linkplain ClaimRequest.Limits#heldHere tells}
 * the store what it holds spares the store reading that node's running jobs back: the bulk of what runs
 * under a key on a node with a large batch is the node's own.
 *
 * <p>What it may count that the store does not (a job whose claim failed to commit, for the moment
 * between the failure and {@link #release}) errs on the safe side: a job refused for a moment is tried
 * again. What the store counts that it does not is a job recorded as running here that this node never
 * received (a claim whose answer was lost): it does not run, so it takes no room; the node's rescuer
 * hands it back.
 */
public final class HeldKeys {
    /** The keys each held job took, by job and attempt (a job is claimed again only with a new attempt). */
    private final Map<Held, List<String>> jobs = new HashMap<>();
    private final Map<String, Integer> counts = new HashMap<>();
    /**
     * How many jobs hold keys, readable without the lock: every node's completer releases each written
     * outcome, and on a node without concurrency limits that must cost no lock.
     */
    private volatile int held;

    private record Held(long jobId, int attempt) {}

    /** The job, claimed for {@code attempt}, holds {@code keys} (none: nothing to hold). */
    public synchronized void hold(long jobId, int attempt, List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        List<String> previous = jobs.put(new Held(jobId, attempt), List.copyOf(keys));
        if (previous != null) {
            uncount(previous);
        }
        for (String key : keys) {
            counts.merge(key, 1, Integer::sum);
        }
        held = jobs.size();
    }

    /** The job's attempt holds nothing any more (its outcome was written, or its claim did not commit). */
    public void release(long jobId, int attempt) {
        // A job is held before its claim commits, so before anything can release it: none held, none to release.
        if (held == 0) {
            return;
        }
        synchronized (this) {
            List<String> keys = jobs.remove(new Held(jobId, attempt));
            if (keys != null) {
                uncount(keys);
                held = jobs.size();
            }
        }
    }

    /** How many of this node's jobs hold each of {@code keys}; keys none holds are left out. */
    public synchronized Map<String, Integer> count(Collection<String> keys) {
        Map<String, Integer> held = new HashMap<>();
        for (String key : keys) {
            Integer n = counts.get(key);
            if (n != null) {
                held.put(key, n);
            }
        }
        return held;
    }

    /** Jobs holding keys now. */
    public int jobs() {
        return held;
    }

    private void uncount(List<String> keys) {
        for (String key : keys) {
            counts.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
        }
    }
}
