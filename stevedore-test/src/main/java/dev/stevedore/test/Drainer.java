package dev.stevedore.test;

import dev.stevedore.Job;
import dev.stevedore.JobState;
import dev.stevedore.NodeSteps;
import dev.stevedore.Outcome;
import dev.stevedore.Stevedore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs everything that is ready, round after round, until a round finds nothing to do: each round makes due
 * jobs available, fires due cron ticks, moves batches on and runs the ready jobs of every queue (up to
 * {@link #PER_QUEUE} each). Work a round creates (a job enqueued by a handler, a retry due at once, a batch
 * callback) runs in the next one. More than {@code maxRounds} rounds means work that never ends.
 */
final class Drainer {
    /** Jobs claimed per queue per round. */
    static final int PER_QUEUE = 1_000;
    private final NodeSteps steps;
    private final Stevedore node;
    private final int maxRounds;
    /** One drain at a time; a drain started from inside one (a handler's enqueue in inline mode) is left to it. */
    private final ReentrantLock lock = new ReentrantLock();

    Drainer(NodeSteps steps, Stevedore node, int maxRounds) {
        this.steps = steps;
        this.node = node;
        this.maxRounds = maxRounds;
    }

    /** Drains; returns nothing done when called from inside a drain, which picks the new work up itself. */
    Drained drainUntilIdle() {
        if (lock.isHeldByCurrentThread()) {
            return new Drained(0, List.of(), List.of());
        }
        lock.lock();
        try {
            return drain();
        } finally {
            lock.unlock();
        }
    }

    private Drained drain() {
        List<Job> ran = new ArrayList<>();
        List<JobFailedError> failures = new ArrayList<>();
        List<NodeSteps.Ran> lastRound = List.of();
        for (int round = 1; ; round++) {
            if (round > maxRounds) {
                throw runaway(lastRound);
            }
            // Non-short-circuit: every step runs every round.
            boolean worked = steps.stageDue() | steps.fireCron() | steps.sweepBatches();
            lastRound = steps.runReady(PER_QUEUE);
            for (NodeSteps.Ran run : lastRound) {
                Job after = node.job(run.job().id()).orElse(run.job());
                ran.add(after);
                if (failed(run)) {
                    failures.add(new JobFailedError(after, run.thrown()));
                }
            }
            if (!worked && lastRound.isEmpty()) {
                return new Drained(round, ran, failures);
            }
        }
    }

    /**
     * Whether a run failed: its handler threw something other than a deliberate outcome, or the job was
     * held (no handler for its kind, or an error the classifier holds for a person).
     */
    private static boolean failed(NodeSteps.Ran run) {
        return run.thrown() != null && !(run.thrown() instanceof Outcome) || run.outcome() == JobState.HELD;
    }

    private AssertionError runaway(List<NodeSteps.Ran> lastRound) {
        StringBuilder text = new StringBuilder("drainUntilIdle() gave up after ").append(maxRounds)
                .append(" rounds: every round made more work that is due at once, so the queues never empty. "
                        + "A job that enqueues itself (or a chain that loops) without a delay does this: give it a "
                        + "delay and advance the clock to run it, or raise maxRounds(...) if the chain is long but "
                        + "finite. The last round ran:");
        lastRound.stream().limit(EnqueuedJobs.LISTED).forEach(run -> text.append("\n  #").append(run.job().id())
                .append(' ').append(run.job().kind()).append(" queue=").append(run.job().queue())
                .append(" attempt=").append(run.job().attempt()).append(" → ").append(run.outcome().dbName()));
        return new AssertionError(text.toString());
    }
}
