package dev.stevedore;

import dev.stevedore.spi.QueueSample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a queue's {@link HealthInputs} into its {@link QueueHealth}: one sub-score per component, their
 * weighted sum, the no-node cap, and the advice of {@link HealthAdvice}. Pure: no store, no clock.
 *
 * <p>The thresholds are the constants below; docs/health.md explains each.
 */
final class HealthScorer {
    /** A failure rate at or above this scores 0; 0% scores 100, linearly between (2 points per percent). */
    static final double FAILURE_RATE_AT_ZERO = 0.5;
    /** An oldest wait of this many latency targets or more scores 0; within the target scores 100. */
    static final int LATENCY_TARGETS_AT_ZERO = 5;
    /** Samples spanning less than this say nothing about a trend yet: the backlog scores 100. */
    static final Duration MIN_TREND_SPAN = Duration.ofMinutes(5);
    /** Growth of the ready count by this multiple of its start (or of {@link #BACKLOG_FLOOR}) scores 0. */
    static final double BACKLOG_GROWTH_AT_ZERO = 2.0;
    /** Growth is measured against at least this many jobs, so 0 → 3 ready jobs is not a crisis. */
    static final long BACKLOG_FLOOR = 10;
    /** Each stuck job costs this many points of the stuck component: four or more score 0. */
    static final int POINTS_PER_STUCK_JOB = 25;
    /** A half-open breaker (a probe is testing the dependency) scores this; an open one 0. */
    static final int HALF_OPEN_SCORE = 50;

    private HealthScorer() {}

    static QueueHealth score(HealthInputs in) {
        Trend trend = Trend.of(in);
        List<HealthComponent> components = List.of(failures(in), latency(in), backlog(in, trend), stuck(in), breakers(in));
        double sum = 0;
        for (HealthComponent c : components) {
            sum += c.weight() * c.score();
        }
        int score = (int) Math.round(sum);
        String cap = null;
        if (in.liveNodes() == 0 && in.waiting()) {
            cap = "no live node serves " + in.queue() + " while " + in.waitingWords();
            score = Math.min(score, QueueHealth.NO_NODE_CAP);
        }
        return new QueueHealth(in.queue(), score, components, HealthAdvice.of(in, trend), cap, in.now());
    }

    static HealthComponent failures(HealthInputs in) {
        long attempts = in.completed() + in.failed();
        String window = HealthAdvice.words(QueueHealth.FAILURE_WINDOW);
        if (attempts == 0) {
            return new HealthComponent(QueueHealth.FAILURES, QueueHealth.FAILURES_WEIGHT, 100, 0,
                    "no attempt ended in the last " + window);
        }
        double rate = (double) in.failed() / attempts;
        return new HealthComponent(QueueHealth.FAILURES, QueueHealth.FAILURES_WEIGHT,
                linear(rate, 0, FAILURE_RATE_AT_ZERO), rate,
                String.format(Locale.ROOT, "%d of %d attempts failed (%.1f%%) in the last %s", in.failed(), attempts,
                        rate * 100, window));
    }

    static HealthComponent latency(HealthInputs in) {
        Duration wait = in.oldestWait();
        String target = "target " + HealthAdvice.words(in.latencyTarget());
        double targets = (double) wait.toMillis() / in.latencyTarget().toMillis();
        String measured = in.oldestReadyAt() == null ? "no job waiting (" + target + ")"
                : "oldest ready job waited " + HealthAdvice.words(wait) + " (" + target + ")";
        return new HealthComponent(QueueHealth.LATENCY, QueueHealth.LATENCY_WEIGHT,
                linear(targets, 1, LATENCY_TARGETS_AT_ZERO), wait.toMillis() / 1000.0, measured);
    }

    static HealthComponent backlog(HealthInputs in, Trend trend) {
        long growth = trend.last() - trend.first();
        if (in.samples().isEmpty()) {
            return new HealthComponent(QueueHealth.BACKLOG, QueueHealth.BACKLOG_WEIGHT, 100, 0,
                    "no samples yet: the leader takes one a minute");
        }
        if (trend.span().compareTo(MIN_TREND_SPAN) < 0) {
            return new HealthComponent(QueueHealth.BACKLOG, QueueHealth.BACKLOG_WEIGHT, 100, growth,
                    "samples span " + HealthAdvice.words(trend.span()) + ": too short to judge a trend");
        }
        String measured = "ready " + trend.first() + " → " + trend.last() + " over " + HealthAdvice.words(trend.span())
                + (trend.rising() ? " (rising for " + HealthAdvice.words(trend.risingFor()) + ")" : "");
        double relative = (double) growth / Math.max(trend.first(), BACKLOG_FLOOR);
        return new HealthComponent(QueueHealth.BACKLOG, QueueHealth.BACKLOG_WEIGHT,
                growth <= 0 ? 100 : linear(relative, 0, BACKLOG_GROWTH_AT_ZERO), growth, measured);
    }

    static HealthComponent stuck(HealthInputs in) {
        long stuck = in.overdue() + in.orphaned();
        String measured = stuck == 0 ? "none of " + in.running() + " running"
                : in.overdue() + " past their timeout, " + in.orphaned() + " on a node that is gone";
        return new HealthComponent(QueueHealth.STUCK, QueueHealth.STUCK_WEIGHT,
                (int) Math.max(0, 100 - POINTS_PER_STUCK_JOB * Math.min(stuck, 4)), stuck, measured);
    }

    static HealthComponent breakers(HealthInputs in) {
        int score = 100;
        List<String> notClosed = new ArrayList<>();
        for (BreakerState b : in.breakers()) {
            if (b.status() == BreakerState.Status.OPEN) {
                score = 0;
                notClosed.add(b.name() + " open" + (b.openUntil() == null ? "" : " until " + HealthAdvice.time(b.openUntil())));
            } else if (b.status() == BreakerState.Status.HALF_OPEN) {
                score = Math.min(score, HALF_OPEN_SCORE);
                notClosed.add(b.name() + " half-open");
            }
        }
        String measured = !notClosed.isEmpty() ? String.join("; ", notClosed)
                : in.breakers().isEmpty() ? "no breaker covers this queue" : "all " + in.breakers().size() + " closed";
        return new HealthComponent(QueueHealth.BREAKERS, QueueHealth.BREAKERS_WEIGHT, score, notClosed.size(), measured);
    }

    /** 100 at or below {@code good}, 0 at or above {@code bad}, linear between. */
    static int linear(double value, double good, double bad) {
        if (value <= good) {
            return 100;
        }
        if (value >= bad) {
            return 0;
        }
        return (int) Math.round(100 * (bad - value) / (bad - good));
    }

    static String jobs(long n) {
        return n == 1 ? "1 job is" : n + " jobs are";
    }

    /**
     * The ready count over the trend window: the samples and, as the latest point, the count now. It is
     * rising when the samples span at least {@link #MIN_TREND_SPAN} and the latest run of samples that
     * never fell ends higher than it began; the run starts at its first increase, so a long flat stretch
     * before it does not count as rising.
     */
    record Trend(long first, long last, Duration span, Duration risingFor) {
        static Trend of(HealthInputs in) {
            List<QueueSample> points = new ArrayList<>(in.samples());
            points.add(new QueueSample(in.queue(), in.now(), in.ready(), in.running()));
            int end = points.size() - 1;
            int start = end;
            while (start > 0 && points.get(start - 1).ready() <= points.get(start).ready()) {
                start--;
            }
            while (start < end && points.get(start + 1).ready() == points.get(start).ready()) {
                start++;
            }
            QueueSample first = points.get(0);
            QueueSample last = points.get(end);
            Duration span = positive(Duration.between(first.at(), last.at()));
            // Samples too close together say nothing yet, neither in the score nor in the advice.
            Duration rising = points.get(start).ready() < last.ready() && span.compareTo(MIN_TREND_SPAN) >= 0
                    ? Duration.between(points.get(start).at(), last.at()) : Duration.ZERO;
            return new Trend(first.ready(), last.ready(), span, rising);
        }

        boolean rising() {
            return !risingFor.isZero();
        }

        private static Duration positive(Duration d) {
            return d.isNegative() ? Duration.ZERO : d;
        }
    }
}
