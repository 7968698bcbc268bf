package dev.stevedore.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The admission decision every store makes the same way: given what the store holds for the keys of a
 * batch of claimed jobs (read under the keys' locks, so no other node decides for them meanwhile), which
 * jobs may start, and what to write. Pure; stores read, call {@link #decide}, write the {@link Plan}.
 * Also the rate lease's decision ({@link #lease}), made the same way.
 *
 * <p>A job passes when every one of its concurrency limits has room; a job refused by one limit takes
 * nothing from the others. Jobs are considered in claim order (priority, then age), so within a key the
 * older job goes first. A refused job gets the earliest time worth trying again: the end of a block, or
 * (for concurrency, whose end nobody can know) a short wait. Refused jobs of one key are spread behind
 * that time at the limit's own pace, so they come back a few at a time rather than all at once.
 */
public final class Admissions {
    /** How long a job refused for concurrency waits before trying again, times its place in the line. */
    public static final Duration CONCURRENCY_RETRY = Duration.ofSeconds(1);
    /**
     * The longest a rate lease stays valid, however wide its slot: a node learns of a key's block (see
     * {@code Store#limitBlock}) no later than this after another node set it.
     */
    public static final Duration MAX_LEASE = Duration.ofSeconds(1);

    private Admissions() {}

    /**
     * What the store holds for the keys, read inside the admission's transaction.
     *
     * @param now     the store's clock
     * @param running per concurrency key, jobs running now that hold it (outside the batch being decided)
     * @param starts  per rate key, the starts counted per slot ({@link LimitKey#slotMillis()} wide): for leases
     * @param blocked per key, the time until which a job reported the key rate limited (only future ones)
     * @param waiting per first-in-first-out key, the lowest id among its jobs outside this admission that
     *                were refused and have not finished: no job of the key with a higher id may start
     */
    public record State(Instant now, Map<String, Integer> running, Map<String, Map<Long, Integer>> starts,
                        Map<String, Instant> blocked, Map<String, Long> waiting) {
        /** A state without first-in-first-out keys. */
        public State(Instant now, Map<String, Integer> running, Map<String, Map<Long, Integer>> starts,
                     Map<String, Instant> blocked) {
            this(now, running, starts, blocked, Map.of());
        }
    }

    /** A first-in-first-out key's place in line, kept for a refused job (or dropped once it is admitted). */
    public record Wait(String key, long jobId) {}

    /** Starts to add to a rate key's slot; the row may be dropped after {@code expires}. */
    public record SlotStarts(String key, long slot, int starts, Instant expires) {}

    /** A rate key's slots older than {@code oldest} no longer count and may be deleted. */
    public record SlotFloor(String key, long oldest) {}

    /**
     * The decision and what it writes.
     *
     * @param admission the answer: which jobs start, and when the others are worth trying again
     * @param waits     places in line to record for refused jobs of first-in-first-out keys
     * @param served    places in line to drop: admitted jobs of first-in-first-out keys
     */
    public record Plan(Admission admission, List<Wait> waits, List<Wait> served) {}

    /**
     * A lease's answers and what it writes.
     *
     * @param grants one per ask, in ask order
     * @param starts tokens granted (and returned, as negative starts), one entry per (key, slot)
     * @param floors per rate key, the oldest slot still counted
     */
    public record LeasePlan(List<RateGrant> grants, List<SlotStarts> starts, List<SlotFloor> floors) {}

    /** The keys that keep jobs in line (first-in-first-out). */
    public static List<String> fifoKeys(List<AdmitRequest> requests) {
        return requests.stream().flatMap(r -> r.limits().stream()).filter(LimitKey::fifo)
                .map(LimitKey::key).distinct().sorted().toList();
    }

    /** Every key of the requests, sorted: the order in which stores lock them, so two admissions never deadlock. */
    public static List<String> keys(List<AdmitRequest> requests) {
        return requests.stream().flatMap(r -> r.limits().stream()).map(LimitKey::key).distinct().sorted().toList();
    }

    /**
     * Decides which of the claimed jobs may start under their concurrency limits (rates are leased apart,
     * {@link #lease}): those whose every key has room, counting the jobs already running and those admitted
     * before them in this batch, and that no block or older job in line holds back.
     *
     * @throws IllegalArgumentException if a request has a limit without a concurrency bound
     */
    public static Plan decide(List<AdmitRequest> requests, State state) {
        Map<String, Integer> running = new HashMap<>(state.running());
        Map<String, Integer> refusedPerKey = new HashMap<>();
        Set<Long> admitted = new HashSet<>();
        Map<Long, Instant> refused = new HashMap<>();
        List<Wait> waits = new ArrayList<>();
        List<Wait> served = new ArrayList<>();
        // Jobs in line by id: the oldest of a key must be considered before a younger one of it.
        List<AdmitRequest> ordered = requests.stream().anyMatch(r -> r.limits().stream().anyMatch(LimitKey::fifo))
                ? requests.stream().sorted(java.util.Comparator.comparingLong(AdmitRequest::jobId)).toList() : requests;
        Map<String, Long> waiting = new HashMap<>(state.waiting());
        for (AdmitRequest request : ordered) {
            Instant retryAt = null;
            LimitKey refusing = null;
            for (LimitKey limit : request.limits()) {
                if (limit.concurrency() == 0) {
                    throw new IllegalArgumentException("job " + request.jobId() + ": admissions decide concurrency;"
                            + " rates are leased, was " + limit);
                }
                Instant wait = waitFor(limit, state, running);
                if (wait == null && limit.fifo() && waiting.getOrDefault(limit.key(), Long.MAX_VALUE) < request.jobId()) {
                    wait = state.now().plus(CONCURRENCY_RETRY); // an older job of the key is still in line
                }
                if (wait != null && (retryAt == null || wait.isAfter(retryAt))) {
                    retryAt = wait;
                    refusing = limit;
                }
            }
            if (refusing == null) {
                admitted.add(request.jobId());
                for (LimitKey limit : request.limits()) {
                    running.merge(limit.key(), 1, Integer::sum);
                    if (limit.fifo()) {
                        served.add(new Wait(limit.key(), request.jobId()));
                    }
                }
            } else {
                int place = refusedPerKey.merge(refusing.key(), 1, Integer::sum) - 1;
                refused.put(request.jobId(), retryAt.plus(spread(refusing, place)));
                for (LimitKey limit : request.limits()) {
                    if (limit.fifo()) {
                        waits.add(new Wait(limit.key(), request.jobId()));
                        waiting.merge(limit.key(), request.jobId(), Math::min);
                    }
                }
            }
        }
        return new Plan(new Admission(state.now(), admitted, refused), waits, served);
    }

    /** When {@code limit} lets one more job through, or null if it does now. */
    private static Instant waitFor(LimitKey limit, State state, Map<String, Integer> running) {
        Instant blockedUntil = state.blocked().get(limit.key());
        if (blockedUntil != null && blockedUntil.isAfter(state.now())) {
            return blockedUntil;
        }
        if (running.getOrDefault(limit.key(), 0) >= limit.concurrency()) {
            return state.now().plus(CONCURRENCY_RETRY);
        }
        return null;
    }

    /** The starts a rate key's window counts now. */
    private static int counted(LimitKey limit, Map<Long, Integer> slots, long nowMs) {
        long oldest = oldestCounted(limit, nowMs);
        return slots.entrySet().stream().filter(e -> e.getKey() >= oldest).mapToInt(Map.Entry::getValue).sum();
    }

    /** When a full rate window has room again: its oldest counted slot stops counting SLOTS + 1 slots later. */
    private static Instant roomAt(LimitKey limit, Map<Long, Integer> slots, long nowMs) {
        long oldest = oldestCounted(limit, nowMs);
        long firstUsed = slots.keySet().stream().filter(s -> s >= oldest).min(Long::compare).orElse(nowMs / limit.slotMillis());
        return Instant.ofEpochMilli((firstUsed + LimitKey.SLOTS + 1) * limit.slotMillis());
    }

    private static long oldestCounted(LimitKey limit, long nowMs) {
        return nowMs / limit.slotMillis() - LimitKey.SLOTS;
    }

    /**
     * Leases rate tokens (see {@link RateAsk}): each ask gets what its window has room for, up to what it
     * wants, counted in the current slot; unused tokens of an earlier lease it returns are taken off
     * their slot first (when that slot still counts). A blocked key grants nothing until its block ends.
     * {@code state} needs the clock, the asks' slots and their blocks.
     */
    public static LeasePlan lease(List<RateAsk> asks, State state) {
        if (asks.stream().map(a -> a.limit().key()).distinct().count() != asks.size()) {
            throw new IllegalArgumentException("a lease asks for each key at most once: " + asks);
        }
        long nowMs = state.now().toEpochMilli();
        List<RateGrant> grants = new ArrayList<>();
        List<SlotStarts> starts = new ArrayList<>();
        List<SlotFloor> floors = new ArrayList<>();
        for (RateAsk ask : asks) {
            LimitKey limit = ask.limit();
            long margin = endMargin(limit);
            long slot = nowMs / limit.slotMillis();
            if ((slot + 1) * limit.slotMillis() - nowMs <= margin) {
                slot++; // too near the slot's end for a start to follow in it: counted in the next
            }
            long oldest = oldestCounted(limit, nowMs);
            Map<Long, Integer> slots = new HashMap<>(state.starts().getOrDefault(limit.key(), Map.of()));
            boolean returning = ask.returned() > 0 && ask.returnSlot() >= oldest && ask.returnSlot() <= slot
                    && slots.containsKey(ask.returnSlot());
            int returned = returning ? Math.min(ask.returned(), slots.get(ask.returnSlot())) : 0;
            if (returned > 0) {
                slots.merge(ask.returnSlot(), -returned, Integer::sum);
            }
            Instant blockedUntil = state.blocked().get(limit.key());
            boolean blocked = blockedUntil != null && blockedUntil.isAfter(state.now());
            int granted = blocked ? 0 : Math.max(0, Math.min(ask.wanted(), limit.rate() - counted(limit, slots, nowMs)));
            if (granted > 0) {
                slots.merge(slot, granted, Integer::sum);
            }
            Instant retryAt = granted >= ask.wanted() ? null : blocked ? blockedUntil : roomAt(limit, slots, nowMs);
            Instant slotEnd = Instant.ofEpochMilli((slot + 1) * limit.slotMillis() - margin);
            Instant cap = state.now().plus(MAX_LEASE);
            grants.add(new RateGrant(limit.key(), granted, slot, state.now(), slotEnd.isBefore(cap) ? slotEnd : cap, retryAt));
            Instant expires = state.now().plus(limit.period()).plusMillis(2 * limit.slotMillis());
            if (returned > 0 && ask.returnSlot() != slot) {
                starts.add(new SlotStarts(limit.key(), ask.returnSlot(), -returned, expires));
            }
            int net = granted - (ask.returnSlot() == slot ? returned : 0);
            if (net != 0) {
                starts.add(new SlotStarts(limit.key(), slot, net, expires));
            }
            floors.add(new SlotFloor(limit.key(), oldest));
        }
        return new LeasePlan(grants, starts, floors);
    }

    /**
     * How long before its slot ends a lease stops: a fifth of the slot, at most {@link #MAX_END_MARGIN_MS}.
     * A node checks the lease just before a handler begins, and the handler (and whoever watches it
     * begin) follows a moment later; the margin keeps that moment inside the slot the start is counted
     * in. A lease asked for within the margin is counted in the next slot, so no token is lost to it.
     */
    static long endMargin(LimitKey limit) {
        return Math.min(limit.slotMillis() / 5, MAX_END_MARGIN_MS);
    }

    /** The longest margin between a lease's end and its slot's. */
    static final long MAX_END_MARGIN_MS = 50;

    /** The place-th refused job of a key waits this much longer than the first, at the limit's own pace. */
    public static Duration spread(LimitKey limit, int place) {
        if (limit.rate() > 0) {
            return limit.period().multipliedBy(place / limit.rate());
        }
        return CONCURRENCY_RETRY.multipliedBy(place / limit.concurrency());
    }
}
