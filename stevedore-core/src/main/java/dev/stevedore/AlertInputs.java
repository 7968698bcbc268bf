package dev.stevedore;

import dev.stevedore.spi.JobFilter;
import dev.stevedore.spi.NodeInfo;
import dev.stevedore.spi.ReadyQueue;
import dev.stevedore.spi.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one evaluation round reads from the store, each read made once and only if a rule needs it:
 * rules of the same kind share a read, and a node with only a breaker rule never reads statistics.
 * Time is the store's clock, read once per round.
 */
final class AlertInputs {
    /** The most subjects one read returns (long-running jobs, regressed issues): a flood is one page. */
    static final int MAX_SUBJECTS = 500;

    private final Store store;
    private final Duration liveWithin;
    private final Instant now;
    private final Map<Duration, List<StatsBucket>> stats = new HashMap<>();
    private final Map<Duration, List<Job>> running = new HashMap<>();
    private List<NodeInfo> liveNodes;
    private List<BreakerState> breakers;
    private List<Issue> regressed;
    private List<ReadyQueue> ready;
    private List<Job> quarantined;

    /** @param liveWithin a node is live if it beat within this (the rescue window) */
    AlertInputs(Store store, Duration liveWithin) {
        this.store = store;
        this.liveWithin = liveWithin;
        this.now = store.now();
    }

    Instant now() {
        return now;
    }

    /** Statistics buckets that started within the window before now (the current minute included). */
    List<StatsBucket> stats(Duration window) {
        return stats.computeIfAbsent(window, w -> store.statsList(StatsQuery.between(now.minus(w), now.plusSeconds(60))));
    }

    List<Job> runningLongest(Duration runningFor) {
        return running.computeIfAbsent(runningFor, d -> store.jobRunningLongest(d, MAX_SUBJECTS));
    }

    /** Nodes whose last heartbeat is within the rescue window: the ones the rescuer leaves alone. */
    List<NodeInfo> liveNodes() {
        if (liveNodes == null) {
            Instant since = now.minus(liveWithin);
            liveNodes = store.nodeList().stream().filter(n -> !n.heartbeatAt().isBefore(since)).toList();
        }
        return liveNodes;
    }

    List<BreakerState> breakers() {
        if (breakers == null) {
            breakers = store.breakerList();
        }
        return breakers;
    }

    List<Issue> regressedIssues() {
        if (regressed == null) {
            regressed = store.issueRegressedList(MAX_SUBJECTS);
        }
        return regressed;
    }

    /** Quarantined jobs, newest first, at most {@link #MAX_SUBJECTS}. */
    List<Job> quarantinedJobs() {
        if (quarantined == null) {
            quarantined = store.jobList(JobFilter.all(MAX_SUBJECTS).quarantined());
        }
        return quarantined;
    }

    List<ReadyQueue> readyQueues() {
        if (ready == null) {
            ready = store.queueReadyList();
        }
        return ready;
    }
}
