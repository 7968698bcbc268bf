package dev.stevedore;

import dev.stevedore.spi.NodeInfo;
import dev.stevedore.spi.ReadyQueue;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A declared alert rule, checked and frozen: which subjects violate it now, each with a message. The
 * evaluation is pure over one round's {@link AlertInputs}, so every rule reads the same snapshot.
 *
 * @param name      the rule's name
 * @param condition what it checks; the fields below it does not use are zero or null
 */
record AlertCheck(String name, AlertRule.Condition condition, double successRate, long discarded, long bytes,
                  Duration threshold, Duration window, int minimumRuns, Set<String> queues, Set<String> kinds,
                  boolean perKind, Duration coolDown) {

    /** Subjects whose condition holds now, by subject, each with what is wrong in words. */
    Map<String, String> violations(AlertInputs in) {
        return switch (condition) {
            case SUCCESS_RATE -> successRates(in);
            case DISCARDED -> discards(in);
            case RUNNING_LONGER -> longRunning(in);
            case HEAP -> memory(in, "heap", n -> n.health().heapUsed());
            case RSS -> memory(in, "resident memory", n -> n.health().rss());
            case BREAKER_OPEN -> openBreakers(in);
            case ISSUE_REGRESSED -> regressedIssues(in);
            case LATENCY -> latencies(in);
            case NO_LIVE_NODE -> unserved(in);
            case QUARANTINED -> quarantined(in);
        };
    }

    /** Completed and failed runs and discards summed per subject over the window. */
    private record Tally(long completed, long runs, long discarded) {
        static Tally of(StatsBucket b) {
            return new Tally(b.completed(), b.runs(), b.discarded());
        }

        Tally plus(Tally t) {
            return new Tally(completed + t.completed, runs + t.runs, discarded + t.discarded);
        }
    }

    private Map<String, Tally> tallies(AlertInputs in) {
        Map<String, Tally> tallies = new HashMap<>();
        for (StatsBucket b : in.stats(window)) {
            if (matches(b.queue(), b.kind())) {
                tallies.merge(perKind ? b.kind() : b.queue(), Tally.of(b), Tally::plus);
            }
        }
        return tallies;
    }

    private Map<String, String> successRates(AlertInputs in) {
        Map<String, String> out = new LinkedHashMap<>();
        tallies(in).forEach((subject, t) -> {
            if (t.runs() >= minimumRuns && t.completed() < successRate * t.runs()) {
                out.put(subject, String.format(Locale.ROOT, "%s %s: success rate %s over the last %s (%d of %d runs "
                        + "completed) is below %s", subjectWord(), subject, percent((double) t.completed() / t.runs()),
                        words(window), t.completed(), t.runs(), percent(successRate)));
            }
        });
        return out;
    }

    private Map<String, String> discards(AlertInputs in) {
        Map<String, String> out = new LinkedHashMap<>();
        tallies(in).forEach((subject, t) -> {
            if (t.discarded() >= discarded) {
                out.put(subject, String.format(Locale.ROOT, "%s %s: %d job(s) discarded in the last %s (alert at %d)",
                        subjectWord(), subject, t.discarded(), words(window), discarded));
            }
        });
        return out;
    }

    private Map<String, String> longRunning(AlertInputs in) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Job job : in.runningLongest(threshold)) {
            if (matches(job.queue(), job.kind()) && job.attemptedAt() != null) {
                out.put(Long.toString(job.id()), String.format(Locale.ROOT, "job %d (%s on queue %s, attempt %d) has "
                        + "been running for %s on node %s, longer than %s", job.id(), job.kind(), job.queue(),
                        job.attempt(), words(Duration.between(job.attemptedAt(), in.now())), job.attemptedBy(),
                        words(threshold)));
            }
        }
        return out;
    }

    private Map<String, String> memory(AlertInputs in, String what, java.util.function.ToLongFunction<NodeInfo> used) {
        Map<String, String> out = new LinkedHashMap<>();
        for (NodeInfo node : in.liveNodes()) {
            long value = used.applyAsLong(node);
            if (value > bytes) {
                out.put(node.nodeId(), String.format(Locale.ROOT, "node %s (%s, pid %d): %s %s in use, above %s",
                        node.nodeId(), node.host(), node.pid(), what, mebibytes(value), mebibytes(bytes)));
            }
        }
        return out;
    }

    private Map<String, String> openBreakers(AlertInputs in) {
        Map<String, String> out = new LinkedHashMap<>();
        for (BreakerState breaker : in.breakers()) {
            if (breaker.status() != BreakerState.Status.CLOSED) {
                out.put(breaker.name(), "breaker " + breaker.name() + " is " + breaker.status().name().toLowerCase(Locale.ROOT)
                        .replace('_', '-') + " since " + breaker.since() + ": " + breaker.reason());
            }
        }
        return out;
    }

    private Map<String, String> regressedIssues(AlertInputs in) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Issue issue : in.regressedIssues()) {
            out.put(issue.id(), "issue " + issue.id() + " (" + issue.kind() + ": " + issue.errorClass() + ") regressed at "
                    + issue.regressedAt() + ": " + issue.message());
        }
        return out;
    }

    private Map<String, String> latencies(AlertInputs in) {
        Map<String, String> out = new LinkedHashMap<>();
        for (ReadyQueue ready : in.readyQueues()) {
            Duration waited = Duration.between(ready.oldestDueAt(), in.now());
            if (matches(ready.queue(), null) && waited.compareTo(threshold) > 0) {
                out.put(ready.queue(), "queue " + ready.queue() + ": the oldest ready job has waited " + words(waited)
                        + ", longer than " + words(threshold));
            }
        }
        return out;
    }

    private Map<String, String> unserved(AlertInputs in) {
        Map<String, String> out = new LinkedHashMap<>();
        Set<String> served = new java.util.HashSet<>();
        in.liveNodes().forEach(node -> served.addAll(node.queues()));
        for (ReadyQueue ready : in.readyQueues()) {
            if (matches(ready.queue(), null) && !served.contains(ready.queue())) {
                out.put(ready.queue(), "queue " + ready.queue() + " has ready jobs (the oldest waiting "
                        + words(Duration.between(ready.oldestDueAt(), in.now())) + ") but no live node serves it");
            }
        }
        return out;
    }

    private Map<String, String> quarantined(AlertInputs in) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Job job : in.quarantinedJobs()) {
            if (matches(job.queue(), job.kind())) {
                AttemptError last = job.errors().isEmpty() ? null : job.errors().get(job.errors().size() - 1);
                out.put(Long.toString(job.id()), "job " + job.id() + " (" + job.kind() + " on queue " + job.queue()
                        + ") quarantined at " + job.quarantinedAt() + (last == null ? "" : ": " + last.message())
                        + "; retry it once the cause is fixed (stevedore jobs retry " + job.id() + ")");
            }
        }
        return out;
    }

    private boolean matches(String queue, String kind) {
        return (queues.isEmpty() || queues.contains(queue)) && (kind == null || kinds.isEmpty() || kinds.contains(kind));
    }

    private String subjectWord() {
        return perKind ? "kind" : "queue";
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    private static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / (double) (1L << 20));
    }

    /** A duration as an operator reads it: "42 s", "7 min", "3 h 5 min", "2 d 4 h". */
    static String words(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min";
        }
        if (s < 86_400) {
            return s / 3600 + " h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + " min");
        }
        return s / 86_400 + " d" + (s % 86_400 / 3600 == 0 ? "" : " " + s % 86_400 / 3600 + " h");
    }
}
