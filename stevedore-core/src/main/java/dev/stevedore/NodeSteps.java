package dev.stevedore;

import dev.stevedore.spi.ClaimRequest;
import dev.stevedore.spi.QueueCount;
import dev.stevedore.spi.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A node's work done on the caller's thread, one step at a time: make due jobs available, fire due cron
 * ticks, move batches on, claim and run ready jobs. This is the seam of the {@code stevedore-test} module
 * (use its {@code StevedoreTest}); applications call {@link Stevedore#start()} instead.
 *
 * <p>The steps are the runtime's own: claims through the store with the node's limits and breakers, the
 * node's handlers, error classifier and retry policies, completions written through the store (batches
 * moved on, callbacks inserted), events published, failures recorded, all by the node's and the store's
 * clocks. What does not happen: attempt and heartbeat timeouts (a handler on the caller's thread runs
 * until it returns), heartbeats, leadership, rescue of orphans, expiry sweeps (a job past its deadline is
 * still discarded when claimed), pruning and alerts.
 *
 * <p>Taking a node's steps makes them its only driver: its {@link Stevedore#start()} refuses from then
 * on. Not thread-safe: one thread drives a node at a time.
 */
public final class NodeSteps {
    private final NodeConfig config;
    private final Parts parts;
    private final Stager stager;
    private final BatchSweeper batchSweeper;
    private final @Nullable CronScheduler cron;
    private final AtomicBoolean worked = new AtomicBoolean();
    private volatile @Nullable Runnable afterEnqueue;

    /** What a node lends its steps: the runtime's own parts, not copies. */
    record Parts(JobRunner runner, Completer completer, ClaimedJobs claims, Gate gate, ArgsCodec codec,
                 Enqueuer enqueuer, List<Service> recorders) {}

    NodeSteps(NodeConfig config, Parts parts) {
        this.config = config;
        this.parts = parts;
        Runnable didWork = () -> worked.set(true);
        this.stager = new Stager(config, didWork);
        this.batchSweeper = new BatchSweeper(config, didWork);
        this.cron = config.cron().isEmpty() ? null : new CronScheduler(config, parts.enqueuer(), didWork);
    }

    /**
     * The steps of {@code node}, which must be a node built by {@link StevedoreBuilder} and never started.
     * The same node always gives the same steps.
     *
     * @throws IllegalArgumentException for another implementation of {@link Stevedore}
     * @throws IllegalStateException if the node is started: its own loops run its jobs
     */
    public static NodeSteps of(Stevedore node) {
        if (!(Objects.requireNonNull(node, "node") instanceof WorkerNode worker)) {
            throw new IllegalArgumentException("NodeSteps drives nodes built by Stevedore.builder(), not "
                    + node.getClass().getName());
        }
        return worker.steps();
    }

    /** One job that ran: the job as claimed (its attempt), the state it was left in, what its handler threw. */
    public record Ran(Job job, JobState outcome, @Nullable Throwable thrown) {}

    /** Makes scheduled and retryable jobs that are due by the store's clock available; returns whether any was. */
    public boolean stageDue() {
        return step(stager);
    }

    /**
     * Fires the cron ticks due by the store's clock, as the leader would (the first call declares the
     * node's schedules from the store's now); returns whether a job was enqueued.
     */
    public boolean fireCron() {
        return cron != null && step(cron);
    }

    /** Moves on batches and workflows whose jobs ended outside a completion; returns whether any did. */
    public boolean sweepBatches() {
        return step(batchSweeper);
    }

    /**
     * Claims up to {@code perQueue} available jobs of each queue that has some (whether or not this node
     * declares the queue; one claim at a time for queues under concurrency limits), runs each on this
     * thread through the node's handler, writes the claim's outcomes together (a job stays {@code running}
     * in the store until the rest of its claim has run, as on a worker until its completer writes), then
     * writes failure records and statistics. Returns the jobs that ran, in
     * order. Jobs a limit or breaker holds back, and jobs claimed past a deadline, are settled as a worker
     * would settle them and are not in the list.
     */
    public List<Ran> runReady(int perQueue) {
        Names.checkRange("perQueue", perQueue, 1, 10_000);
        Store store = config.store();
        List<Ran> ran = new ArrayList<>();
        for (String queue : readyQueues(store)) {
            ClaimRequest.Limits limits = parts.gate().claimLimits(queue);
            // Under concurrency limits one job at a time: a batch would hold back all but the first job
            // of a key as if the others ran beside it, while here they run one after another.
            int batch = limits == ClaimRequest.Limits.NONE ? perQueue : 1;
            for (int claimedTotal = 0; claimedTotal < perQueue; ) {
                List<Job> claimed = store.jobClaim(new ClaimRequest(queue, config.nodeId(), batch, limits));
                claimedTotal += claimed.size();
                for (AdmittedJob admitted : parts.claims().startable(claimed, limits)) {
                    ran.add(parts.runner().runHere(admitted));
                }
                // The claim's outcomes in one write (batches of them), as a worker's completer groups them.
                parts.completer().runHere();
                if (claimed.size() < batch) {
                    break;
                }
            }
        }
        parts.recorders().forEach(Service::runHere);
        return ran;
    }

    /**
     * Runs {@code hook} on the enqueuing thread after each enqueue through this node that committed
     * available jobs ({@link Stevedore#enqueue}, {@link Stevedore#enqueueMany(List, java.util.function.Consumer)},
     * batches); null removes it. Enqueues inside a caller's transaction are not seen: they are not
     * committed yet when the call returns.
     */
    public void afterEnqueue(@Nullable Runnable hook) {
        afterEnqueue = hook;
    }

    /** Decodes a job's arguments as the node's handlers receive them. */
    public <R extends Record> R args(Job job, Class<R> type) {
        try {
            return parts.codec().decode(job.args(), type);
        } catch (ArgsCodec.UndecodableArgsException e) {
            throw new IllegalArgumentException("job " + job.id() + ": " + e.getMessage(), e);
        }
    }

    /** The kind stored for jobs of {@code type}: its {@link JobKind}. */
    public static String kindOf(Class<? extends Record> type) {
        return Kinds.of(type);
    }

    /** Called by the node after an enqueue committed available jobs. */
    void enqueued() {
        Runnable hook = afterEnqueue;
        if (hook != null) {
            hook.run();
        }
    }

    private boolean step(Service service) {
        worked.set(false);
        service.runHere();
        return worked.get();
    }

    private static List<String> readyQueues(Store store) {
        List<String> queues = new ArrayList<>();
        for (QueueCount count : store.queueCounts()) {
            if (count.state() == JobState.AVAILABLE && count.count() > 0 && !queues.contains(count.queue())) {
                queues.add(count.queue());
            }
        }
        return queues;
    }
}
