package dev.stevedore;

import dev.stevedore.spi.Admissions;
import dev.stevedore.spi.LimitKey;
import dev.stevedore.spi.RateAsk;
import dev.stevedore.spi.RateGrant;
import dev.stevedore.spi.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Rate tokens this node leased from the store ({@link Store#rateLease}): jobs under rate limits start
 * against tokens held here, and the store is asked only when a key runs out, once per batch for all
 * the keys that did. A lease is counted in the store as starts in the slot it was granted in and is
 * used only until that slot ends (on the store's clock, measured here from when the ask was sent, so a
 * slow answer only shortens it), so the window the store counts always covers every start made against
 * it. A key's next ask is what its batch lacks plus what its last lease was used for, so a busy key
 * asks about once per slot; tokens a lease leaves unused are returned with the next ask.
 *
 * <p>Thread-safe: the claims of several queues take tokens at once; one lock covers a whole batch,
 * including its one round trip, so two claims never ask for the same key at once.
 */
final class RateTokens {
    /** Pools of keys not asked for this long are forgotten (their unused tokens simply stay counted). */
    private static final long IDLE_NANOS = Duration.ofSeconds(30).toNanos();

    private final Store store;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Pool> pools = new HashMap<>();
    private long lastSweep = System.nanoTime();

    RateTokens(Store store) {
        this.store = store;
    }

    /** A job that needs one token of each of its rate limits to start. */
    record Candidate(long jobId, List<LimitKey> limits) {}

    /**
     * What {@link #take} decided: per refused job, how long it should wait before it is claimed again; per
     * admitted job, the moment ({@link System#nanoTime()}) its tokens' leases end, by which it must start.
     */
    record Result(Map<Long, Duration> refused, Map<Long, Long> startBy) {}

    /**
     * Gives each candidate, in order, one token of each of its limits, or none. Asks the store for the
     * keys that lack tokens (one round trip for all of them); a failed ask throws, having taken nothing.
     */
    Result take(List<Candidate> candidates) {
        lock.lock();
        try {
            long now = System.nanoTime();
            sweep(now);
            Map<String, LimitKey> limits = new LinkedHashMap<>();
            Map<String, Integer> need = new HashMap<>();
            for (Candidate candidate : candidates) {
                for (LimitKey limit : candidate.limits()) {
                    limits.putIfAbsent(limit.key(), limit);
                    need.merge(limit.key(), 1, Integer::sum);
                }
            }
            lease(limits, need, now);
            Map<Long, Duration> refused = new HashMap<>();
            Map<Long, Long> startBy = new HashMap<>();
            Map<String, Integer> refusedPerKey = new HashMap<>();
            for (Candidate candidate : candidates) {
                LimitKey lacking = null;
                for (LimitKey limit : candidate.limits()) {
                    if (pools.get(limit.key()).left(now) == 0) {
                        lacking = limit;
                        break;
                    }
                }
                if (lacking == null) {
                    long by = AdmittedJob.ANY_TIME;
                    for (LimitKey limit : candidate.limits()) {
                        Pool pool = pools.get(limit.key());
                        pool.take();
                        by = by == AdmittedJob.ANY_TIME || pool.validUntil - by < 0 ? pool.validUntil : by;
                    }
                    startBy.put(candidate.jobId(), by);
                } else {
                    int place = refusedPerKey.merge(lacking.key(), 1, Integer::sum) - 1;
                    Duration wait = pools.get(lacking.key()).wait(now, lacking);
                    refused.put(candidate.jobId(), wait.plus(Admissions.spread(lacking, place)));
                }
            }
            return new Result(refused, startBy);
        } finally {
            lock.unlock();
        }
    }

    /**
     * One token of each of {@code limits} for a job about to start whose own tokens' lease ended while it
     * waited: from the leases this node holds now, or, for keys that have none left, from a new lease
     * asked for at once (one round trip for all of them, as a claim's). All of them or none: false when
     * a key has no token to give (its rate is spent, it is blocked, or the store could not be asked), and
     * the job is then held back. A start made now against a running lease is one the store's window
     * counts; the job's first token stays counted in its ended slot, a start that never happened, which
     * errs on the side of the limit.
     *
     * <p>A lease lasts until its slot ends less the time its answer took, so an answer slower than what
     * was left of the slot (a busy database, a commit waiting on the disk) brings tokens that have
     * already lapsed. The store then still had room, so this asks again, at most {@link #RETAKE_ASKS}
     * times; the lapsed tokens go back with the next ask.
     */
    boolean takeAgain(List<LimitKey> limits) {
        lock.lock();
        try {
            Map<String, LimitKey> byKey = new LinkedHashMap<>();
            Map<String, Integer> need = new HashMap<>();
            for (LimitKey limit : limits) {
                byKey.putIfAbsent(limit.key(), limit);
                need.put(limit.key(), 1);
            }
            long now = System.nanoTime();
            for (int asks = 0; !haveTokens(limits, now); asks++) {
                if (asks == RETAKE_ASKS || refusedUntilLater(limits, now)) {
                    return false;
                }
                try {
                    lease(byKey, need, now);
                } catch (RuntimeException unreachable) {
                    return false; // held back, as without a new lease; the next claim's ask reports it
                }
                now = System.nanoTime();
            }
            for (LimitKey limit : limits) {
                pools.get(limit.key()).take();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** How many leases {@link #takeAgain} asks for before it gives up on answers that come too late. */
    static final int RETAKE_ASKS = 3;

    /** Whether a key may not be asked for yet: the store said when it has room again, or a job was told to wait. */
    private boolean refusedUntilLater(List<LimitKey> limits, long now) {
        for (LimitKey limit : limits) {
            Pool pool = pools.get(limit.key());
            if (pool != null && now < pool.waitUntil) {
                return true;
            }
        }
        return false;
    }

    private boolean haveTokens(List<LimitKey> limits, long now) {
        for (LimitKey limit : limits) {
            Pool pool = pools.get(limit.key());
            if (pool == null || pool.left(now) == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * A job of these keys was told to wait until {@code wait} from now (a Retry-After): this node
     * stops using and asking for their tokens until then. Other nodes learn of it from the store at
     * their next ask, at most {@link Admissions#MAX_LEASE} later.
     */
    void block(List<String> keys, Duration wait) {
        lock.lock();
        try {
            long now = System.nanoTime();
            for (String key : keys) {
                Pool pool = pools.get(key);
                if (pool != null) {
                    pool.retire(now);
                    pool.waitUntil = Math.max(pool.waitUntil, now + wait.toNanos());
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Asks the store for every key whose pool holds fewer tokens than the batch needs. */
    private void lease(Map<String, LimitKey> limits, Map<String, Integer> need, long now) {
        List<RateAsk> asks = new ArrayList<>();
        for (LimitKey limit : limits.values()) {
            Pool pool = pools.computeIfAbsent(limit.key(), Pool::new);
            pool.lastAsked = now;
            int lacking = need.get(limit.key()) - pool.left(now);
            if (lacking > 0 && now >= pool.waitUntil) {
                int wanted = (int) Math.min(limit.rate(), (long) lacking + pool.lastUse);
                asks.add(new RateAsk(limit, wanted, pool.returnSlot, pool.returned));
            }
        }
        if (asks.isEmpty()) {
            return;
        }
        // Returns are sent once: an ask that fails may still have committed (its answer lost with the
        // connection), and sending the same return again would take its tokens off the window twice. A
        // return lost with a failed ask only leaves unused tokens counted until their slot ages out.
        for (RateAsk ask : asks) {
            Pool pool = pools.get(ask.limit().key());
            pool.returnSlot = -1;
            pool.returned = 0;
        }
        long sent = System.nanoTime();
        List<RateGrant> grants = store.rateLease(asks);
        for (RateGrant grant : grants) {
            pools.get(grant.key()).granted(grant, sent);
        }
    }

    /** Drops pools nobody asked for in a while, at most once a second. */
    private void sweep(long now) {
        if (now - lastSweep < Duration.ofSeconds(1).toNanos()) {
            return;
        }
        lastSweep = now;
        for (Iterator<Pool> it = pools.values().iterator(); it.hasNext(); ) {
            Pool pool = it.next();
            if (now - pool.lastAsked > IDLE_NANOS && now >= pool.waitUntil) {
                it.remove();
            }
        }
    }

    /** One rate key's current lease. */
    private static final class Pool {
        final String key;
        long slot = -1;
        int left;
        int taken;
        long validUntil;
        /** Tokens the last lease was used for: how much more than it lacks a key asks for. */
        int lastUse;
        /** Before this (nanoTime) asking again is pointless: the store said so, or a job was told to wait. */
        long waitUntil;
        long lastAsked;
        /** Unused tokens of an ended lease, returned with the next ask. */
        long returnSlot = -1;
        int returned;

        Pool(String key) {
            this.key = key;
        }

        /** Tokens left, once an ended lease has been retired. */
        int left(long now) {
            if (now >= validUntil && slot >= 0) {
                retire(now);
            }
            return left;
        }

        void take() {
            left--;
            taken++;
        }

        /** Ends the lease: its unused tokens are to be returned; its use sizes the next ask. */
        void retire(long now) {
            if (slot >= 0) {
                if (left > 0) {
                    returnSlot = slot;
                    returned = left;
                }
                lastUse = taken;
            }
            slot = -1;
            left = 0;
            taken = 0;
            validUntil = now;
        }

        void granted(RateGrant grant, long sent) {
            if (grant.slot() != slot) {
                if (slot >= 0 && left > 0) {
                    returnSlot = slot;
                    returned = left;
                }
                slot = grant.slot();
                left = 0;
                taken = 0;
            }
            left += grant.granted();
            validUntil = sent + Duration.between(grant.now(), grant.validUntil()).toNanos();
            waitUntil = grant.retryAt() == null ? 0 : sent + Duration.between(grant.now(), grant.retryAt()).toNanos();
        }

        /** How long a job lacking this key's token waits: until the store said to ask again, or one slot. */
        Duration wait(long now, LimitKey limit) {
            return waitUntil > now ? Duration.ofNanos(waitUntil - now) : Duration.ofMillis(limit.slotMillis());
        }
    }
}
