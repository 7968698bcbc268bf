package dev.stevedore;

import dev.stevedore.spi.BreakerReport;
import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.LimitKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flow control around a claim: the node's limits and circuit breakers.
 *
 * <p>Concurrency limits are admitted by the store inside the claim's own transaction ({@link #claimLimits}
 * tells the claim each job's limits): a job refused there comes back from the claim already put back, and
 * only gets its {@code SNOOZED} event here ({@link #refusedAtClaim}). The claimed jobs that some other rule
 * applies to then pass the breakers (as this node last read them: an open breaker holds its jobs back
 * without a store round trip; one whose cool-down is over lets one job probe, which the store grants to
 * one node at a time) and their rates, against tokens this node leased ({@link RateTokens}, a store round
 * trip only when a key runs out). A job held back here is snoozed for the time its breaker or rate should
 * have room, without using an attempt. Jobs no rule applies to pass untouched, and a node without rules
 * never gets here.
 *
 * <p>As a service (on nodes with breakers) it reports the outcomes of the breakers' jobs every
 * {@link #INTERVAL}, at once after a probe, and reads every breaker's status back.
 */
final class Gate extends Service {
    static final Duration INTERVAL = Duration.ofMillis(500);
    /** How long jobs of a half-open breaker wait for its probe before asking again (at most). */
    static final Duration PROBE_WAIT = Duration.ofSeconds(5);
    /** Jobs held back by one open breaker come back this far apart, so the end of a cool-down is no stampede. */
    static final Duration BREAKER_SPREAD = Duration.ofMillis(10);
    private static final Logger LOG = LoggerFactory.getLogger(Gate.class);

    private final NodeConfig config;
    private final EventBus events;
    private final FlowRules rules;
    private final Completer completer;
    private final Settler settler;
    private final Map<String, BreakerState> states = new ConcurrentHashMap<>();
    private final Map<String, Tally> tallies = new ConcurrentHashMap<>();
    /** Jobs this node runs as a breaker's probe: id → attempt. */
    private final Map<Long, Integer> probes = new ConcurrentHashMap<>();
    private final RateTokens rateTokens;
    /** Whether claimed jobs may meet a breaker or a rate here (concurrency is the claim's). */
    private final boolean ratesOrBreakers;

    Gate(NodeConfig config, Completer completer, Settler settler, EventBus events) {
        super("flow");
        this.config = config;
        this.events = events;
        this.rules = config.flow();
        this.completer = completer;
        this.settler = settler;
        this.rateTokens = new RateTokens(config.store());
        this.ratesOrBreakers = !rules.breakers().isEmpty() || rules.limits().stream().anyMatch(l -> l.rate() > 0);
        rules.breakers().forEach(b -> tallies.put(b.name(), new Tally()));
    }

    boolean hasBreakers() {
        return !rules.breakers().isEmpty();
    }

    @Override
    Duration interval() {
        return INTERVAL;
    }

    /**
     * What claims of {@code queue} admit in their own transaction: each job's concurrency limits, with the
     * keys this node's own jobs hold (so the store reads only other nodes' running jobs), or
     * {@link ClaimRequest.Limits#NONE} when none can apply to the queue (then a claim is one plain statement).
     */
    ClaimRequest.Limits claimLimits(String queue) {
        return rules.hasConcurrencyFor(queue)
                ? ClaimRequest.Limits.counted(rules::concurrencyOf, completer.heldKeys()) : ClaimRequest.Limits.NONE;
    }

    /**
     * The claimed jobs the claim admitted (running); those its concurrency limits refused were put back by
     * the store, and are only announced here as snoozed.
     */
    List<Job> refusedAtClaim(List<Job> claimed) {
        List<Job> running = null;
        for (int i = 0; i < claimed.size(); i++) {
            Job job = claimed.get(i);
            if (job.state() != JobState.RUNNING) {
                events.publish(new JobEvent(JobEvent.Type.SNOOZED, job, Duration.ZERO, null));
                if (running == null) {
                    running = new ArrayList<>(claimed.subList(0, i));
                }
            } else if (running != null) {
                running.add(job);
            }
        }
        return running == null ? claimed : running;
    }

    /** One claim batch on its way through the gate. */
    private static final class Pass {
        final Set<Long> refused = new HashSet<>();
        final Map<Long, Job> limited = new HashMap<>();
        final List<RateTokens.Candidate> rated = new ArrayList<>();
        Map<Long, Long> startBy = Map.of();
    }

    /**
     * The claimed (and admitted) jobs that may start now, in claim order, each with the moment it must
     * start by (a rated job: when its tokens' lease ends); the others are snoozed.
     */
    List<AdmittedJob> admit(List<Job> claimed) {
        List<AdmittedJob> admitted = new ArrayList<>(claimed.size());
        if (!ratesOrBreakers || claimed.isEmpty()) {
            claimed.forEach(job -> admitted.add(AdmittedJob.anyTime(job)));
            return admitted;
        }
        Pass pass = new Pass();
        sortOut(claimed, pass);
        takeRates(pass);
        for (Job job : claimed) {
            if (!pass.refused.contains(job.id())) {
                admitted.add(new AdmittedJob(job, pass.startBy.getOrDefault(job.id(), AdmittedJob.ANY_TIME)));
            }
        }
        return admitted;
    }

    /**
     * Whether a job whose rate tokens' lease ended before it could start may start now on tokens of the
     * leases this node holds for its keys (see {@link RateTokens#takeAgain}): with a limit far from its
     * bound, the node's current lease usually has tokens to spare, and putting the job back would only
     * cost a write, a claim and a wait.
     */
    boolean retakeRateTokens(Job job) {
        return rateTokens.takeAgain(rules.ratesOf(job));
    }

    /**
     * How long a rated job that missed the end of its lease waits before it is claimed again: one slot of
     * its tightest rate, so that it is not claimed back at once into the same busy buffer.
     */
    Duration lateStartWait(Job job) {
        long slot = rules.ratesOf(job).stream().mapToLong(LimitKey::slotMillis).min().orElse(0);
        return Duration.ofMillis(slot);
    }

    /**
     * Passes the jobs through their breakers (snoozing those held back) and collects the rate limits of
     * the others, whose tokens this node leases.
     */
    private void sortOut(List<Job> claimed, Pass pass) {
        Instant now = config.clock().instant();
        Set<String> probeAsked = new HashSet<>();
        Map<String, Integer> heldPerBreaker = new HashMap<>();
        for (Job job : claimed) {
            if (!rules.appliesTo(job)) {
                continue;
            }
            Duration wait = breakerWait(job, now, probeAsked, heldPerBreaker);
            if (wait != null) {
                pass.refused.add(job.id());
                completer.add(settler.throttled(job, wait, Duration.ZERO));
                continue;
            }
            List<LimitKey> rates = rules.ratesOf(job);
            if (!rates.isEmpty()) {
                pass.rated.add(new RateTokens.Candidate(job.id(), rates));
                pass.limited.put(job.id(), job);
            }
        }
    }

    /**
     * Takes rate tokens for the jobs under rates, snoozing those that get none. If the lease fails, every
     * job under a rate is handed back unused, rather than run past its rate.
     */
    private void takeRates(Pass pass) {
        if (pass.rated.isEmpty()) {
            return;
        }
        RateTokens.Result result;
        try {
            result = rateTokens.take(pass.rated);
        } catch (RuntimeException e) {
            LOG.warn("leasing rate tokens for {} job(s) failed; handing them back: {}", pass.rated.size(), e.toString());
            pass.limited.values().forEach(job -> completer.add(settler.handedBack(job, Duration.ZERO)));
            pass.refused.addAll(pass.limited.keySet());
            return;
        }
        pass.startBy = result.startBy();
        result.refused().forEach((id, wait) -> {
            completer.add(settler.throttled(pass.limited.get(id), wait, Duration.ZERO));
            pass.refused.add(id);
        });
    }

    /** How long the job's breakers hold it back, or null when they let it start (perhaps as a probe). */
    private @Nullable Duration breakerWait(Job job, Instant now, Set<String> probeAsked, Map<String, Integer> heldPerBreaker) {
        for (FlowRules.BreakerRuleOf breaker : rules.breakersOf(job)) {
            BreakerState state = states.get(breaker.name());
            if (state == null || state.status() == BreakerState.Status.CLOSED) {
                continue;
            }
            int place = heldPerBreaker.getOrDefault(breaker.name(), 0);
            Duration spread = BREAKER_SPREAD.multipliedBy(place);
            if (state.status() == BreakerState.Status.OPEN && state.openUntil() != null && state.openUntil().isAfter(now)) {
                heldPerBreaker.put(breaker.name(), place + 1);
                return Duration.between(now, state.openUntil()).plus(min(spread, breaker.rule().coolDown()));
            }
            // Cool-down over (or a probe running somewhere): one job per batch asks to be the probe.
            if (probeAsked.add(breaker.name()) && probeGranted(breaker.name(), job)) {
                probes.put(job.id(), job.attempt());
                announce(new BreakerChange(breaker.name(), state.status(), BreakerState.Status.HALF_OPEN, now,
                        "cool-down over; job " + job.id() + " probes"));
                continue;
            }
            heldPerBreaker.put(breaker.name(), place + 1);
            return min(breaker.rule().coolDown(), PROBE_WAIT).plus(spread);
        }
        return null;
    }

    /**
     * Asks the store to make {@code job} the breaker's probe. A failure to ask counts as a refusal: the
     * job waits like the breaker's other jobs instead of being lost between claim and start.
     */
    private boolean probeGranted(String breaker, Job job) {
        try {
            return config.store().breakerProbe(breaker, job.id(), job.attempt());
        } catch (RuntimeException e) {
            LOG.warn("breaker {}: asking to probe with job {} failed; it waits: {}", breaker, job.id(), e.toString());
            return false;
        }
    }

    /**
     * A handler reported its job rate limited until {@code until}: every key of the job's limits is
     * blocked until then, cluster-wide. Failure to record it only costs the other jobs a wasted call.
     */
    void rateLimited(Job job, Instant until) {
        if (rules.limits().isEmpty()) {
            return;
        }
        List<String> keys = rules.limitsOf(job).stream().map(LimitKey::key).toList();
        if (keys.isEmpty()) {
            return;
        }
        rateTokens.block(keys, Duration.between(config.clock().instant(), until));
        try {
            config.store().limitBlock(keys, until);
            LOG.info("job {} ({}) reported rate limited until {}: {} wait until then", job.id(), job.kind(), until, keys);
        } catch (RuntimeException e) {
            LOG.warn("job {} ({}) reported rate limited until {}, but blocking {} failed: {}", job.id(), job.kind(),
                    until, keys, e.toString());
        }
    }

    /** Counts an execution's outcome for its breakers. */
    void settled(Settlement settlement) {
        if (rules.breakers().isEmpty()) {
            return;
        }
        Job job = settlement.job();
        List<FlowRules.BreakerRuleOf> breakers = rules.breakersOf(job);
        if (breakers.isEmpty()) {
            return;
        }
        JobState state = settlement.completion().state();
        AttemptError error = settlement.completion().error();
        Integer probeAttempt = probes.remove(job.id());
        boolean probe = probeAttempt != null && probeAttempt == job.attempt();
        for (FlowRules.BreakerRuleOf breaker : breakers) {
            boolean success = state == JobState.COMPLETED;
            boolean failure = error != null && breaker.counted().contains(error.category());
            Tally tally = tallies.get(breaker.name());
            if (success) {
                tally.successes.incrementAndGet();
            } else if (failure) {
                tally.failures.incrementAndGet();
            }
            if (probe && (success || failure)) {
                tally.probes.add(new BreakerReport.Probe(job.id(), job.attempt(), success));
            }
        }
        if (probe) {
            wake();
        }
    }

    /** The breakers as this node last read them. */
    Map<String, BreakerState> states() {
        return Map.copyOf(states);
    }

    @Override
    boolean runOnce() {
        List<BreakerReport> reports = new ArrayList<>();
        for (FlowRules.BreakerRuleOf breaker : rules.breakers()) {
            BreakerReport report = tallies.get(breaker.name()).drain(breaker);
            if (report != null) {
                reports.add(report);
            }
        }
        if (!reports.isEmpty()) {
            List<BreakerChange> changes;
            try {
                changes = config.store().breakerRecord(reports);
            } catch (RuntimeException e) {
                reports.forEach(r -> tallies.get(r.name()).restore(r));
                throw e;
            }
            changes.forEach(this::announce);
        }
        for (BreakerState state : config.store().breakerList()) {
            states.put(state.name(), state);
        }
        return false;
    }

    /** Reports what the last jobs of a stopping node counted. */
    @Override
    void afterStop() {
        if (hasBreakers()) {
            try {
                runOnce();
            } catch (RuntimeException e) {
                LOG.warn("breaker outcomes of this node's last jobs were not reported: {}", e.toString());
            }
        }
    }

    private void announce(BreakerChange change) {
        if (change.to() == BreakerState.Status.OPEN) {
            LOG.warn("breaker {} opened: {}", change.breaker(), change.reason());
        } else {
            LOG.info("breaker {} {} → {}: {}", change.breaker(), change.from(), change.to(), change.reason());
        }
        events.publish(change);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Outcomes of one breaker's jobs on this node since the last report. */
    private static final class Tally {
        final AtomicInteger successes = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();
        final ConcurrentLinkedQueue<BreakerReport.Probe> probes = new ConcurrentLinkedQueue<>();

        @Nullable BreakerReport drain(FlowRules.BreakerRuleOf breaker) {
            int s = successes.getAndSet(0);
            int f = failures.getAndSet(0);
            List<BreakerReport.Probe> p = new ArrayList<>();
            BreakerReport.Probe probe;
            while ((probe = probes.poll()) != null) {
                p.add(probe);
            }
            return s == 0 && f == 0 && p.isEmpty() ? null : new BreakerReport(breaker.name(), breaker.rule(), s, f, p);
        }

        void restore(BreakerReport report) {
            successes.addAndGet(report.successes());
            failures.addAndGet(report.failures());
            probes.addAll(report.probes());
        }
    }
}
