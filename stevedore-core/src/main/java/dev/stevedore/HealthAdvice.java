package dev.stevedore;

import dev.stevedore.spi.FailureCount;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The plain-language recommendations of a queue's health, built from the same figures as its score,
 * most urgent first: nothing runs at all, then what holds jobs back, then what fails, then what is stuck.
 */
final class HealthAdvice {
    /** Failure rates at or above this get a recommendation naming their main category: 5%. */
    static final double FAILURE_RATE_WORTH_ADVICE = 0.05;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private HealthAdvice() {}

    static List<String> of(HealthInputs in, HealthScorer.Trend trend) {
        String q = in.queue();
        List<String> out = new ArrayList<>();
        if (in.liveNodes() == 0 && in.waiting()) {
            out.add(q + ": no live node serves the queue while " + in.waitingWords()
                    + " — start a worker serving it (stevedore worker --queue " + q + ")");
        }
        if (in.pausedAt() != null) {
            out.add(q + ": paused since " + time(in.pausedAt()) + (in.ready() > 0 ? " with " + in.ready() + " ready" : "")
                    + " — nothing starts until it is resumed (stevedore queues resume " + q + ")");
        }
        for (BreakerState b : in.breakers()) {
            if (b.status() == BreakerState.Status.OPEN) {
                out.add(q + ": breaker " + b.name() + " open since " + time(b.since()) + reason(b)
                        + " — its jobs wait without using attempts; a probe runs "
                        + (b.openUntil() == null ? "after the cool-down" : "at " + time(b.openUntil())));
            } else if (b.status() == BreakerState.Status.HALF_OPEN) {
                out.add(q + ": breaker " + b.name() + " half-open since " + time(b.since())
                        + " — one probe job is testing the dependency; the others wait");
            }
        }
        capacity(in, trend, out);
        failures(in, out);
        if (in.orphaned() > 0) {
            out.add(q + ": " + HealthScorer.jobs(in.orphaned()) + " running on a node that is gone — the leader rescues "
                    + "them for a retry; if they stay, no node is leading: start one");
        }
        if (in.overdue() > 0) {
            out.add(q + ": " + HealthScorer.jobs(in.overdue()) + " running past their timeout — the handler ignores "
                    + "interruption (blocking I/O without a timeout of its own?): give its calls timeouts, or run the "
                    + "work as a subprocess");
        }
        return out;
    }

    /** Latency over target or a rising backlog: more capacity if every slot is busy, else something holds jobs back. */
    private static void capacity(HealthInputs in, HealthScorer.Trend trend, List<String> out) {
        boolean late = in.oldestWait().compareTo(in.latencyTarget()) > 0;
        if ((!late && !trend.rising()) || in.liveNodes() == 0 || in.pausedAt() != null) {
            return;
        }
        String q = in.queue();
        String what = trend.rising() && late ? "latency rising for " + words(trend.risingFor())
                : trend.rising() ? "backlog rising for " + words(trend.risingFor()) + " (" + trend.first() + " → "
                        + trend.last() + " ready)"
                : "oldest ready job waited " + words(in.oldestWait()) + " against a " + words(in.latencyTarget()) + " target";
        if (in.slotsFull()) {
            out.add(q + ": " + what + " with " + in.running() + " of " + in.slots() + " slots busy — raise concurrency or "
                    + "add a node");
        } else if (late && in.slots() > 0) {
            out.add(q + ": " + what + " while " + in.running() + " of " + in.slots() + " slots are busy — jobs are held "
                    + "back: check the limits and breakers on its jobs");
        } else if (late) {
            out.add(q + ": " + what + " — add capacity (concurrency or nodes), or check the limits on its jobs");
        }
    }

    private static void failures(HealthInputs in, List<String> out) {
        long attempts = in.completed() + in.failed();
        if (attempts == 0 || (double) in.failed() / attempts < FAILURE_RATE_WORTH_ADVICE) {
            return;
        }
        String q = in.queue();
        long recorded = in.failureCounts().stream().mapToLong(FailureCount::failures).sum();
        if (recorded == 0) {
            out.add(String.format(Locale.ROOT, "%s: %d%% of attempts failed in the last %s — see stevedore issues list", q,
                    Math.round(100.0 * in.failed() / attempts), words(QueueHealth.FAILURE_WINDOW)));
            return;
        }
        FailureCount top = in.failureCounts().get(0);
        out.add(String.format(Locale.ROOT, "%s: %d%% of failures are %s in %d issue%s — %s", q,
                Math.round(100.0 * top.failures() / recorded), category(top.category()), top.issues(),
                top.issues() == 1 ? "" : "s", remedy(top.category())));
    }

    private static String category(ErrorCategory category) {
        return switch (category) {
            case AUTHENTICATION -> "authentication errors";
            case TRANSIENT -> "transient errors";
            case TIMEOUT -> "timeouts";
            case PERMANENT -> "permanent errors";
            case MISSING_RECORD -> "missing-record errors";
            case CODE -> "code errors";
        };
    }

    private static String remedy(ErrorCategory category) {
        return switch (category) {
            case AUTHENTICATION -> "check credentials; these jobs are held, not retried";
            case TRANSIENT -> "a dependency is failing; these jobs are retried with backoff: check it, or put a circuit "
                    + "breaker on it";
            case TIMEOUT -> "jobs run out of time: check what they wait on, or raise the kind's timeout";
            case PERMANENT -> "these jobs are discarded, not retried: check what enqueues them";
            case MISSING_RECORD -> "the records were gone when the jobs ran and the jobs are discarded: enqueue after "
                    + "the commit";
            case CODE -> "a bug in the handler; retried until their attempts run out: fix it and deploy";
        };
    }

    private static String reason(BreakerState b) {
        return b.reason() == null || b.reason().isBlank() ? "" : " (" + b.reason() + ")";
    }

    /** An instant as the time of day in UTC, e.g. {@code 10:42:07 UTC}. */
    static String time(Instant at) {
        return TIME.format(at);
    }

    /** A duration in short words: {@code 850ms}, {@code 45s}, {@code 4m10s}, {@code 30m}, {@code 2h05m}, {@code 3d4h}. */
    static String words(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s % 60 == 0 ? s / 60 + "m" : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        if (s < 86_400) {
            long m = s / 60 % 60;
            return m == 0 ? s / 3600 + "h" : String.format(Locale.ROOT, "%dh%02dm", s / 3600, m);
        }
        long h = s / 3600 % 24;
        return h == 0 ? s / 86_400 + "d" : s / 86_400 + "d" + h + "h";
    }
}
