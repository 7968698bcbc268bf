package dev.stevedore;

import dev.stevedore.spi.QueueCount;
import dev.stevedore.spi.QueueSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Leader only: once a minute, records each queue's ready and running counts (from the same grouped
 * count the status command and gauges use) so queue health can tell a growing backlog from a draining
 * one, and forgets samples older than {@link #RETENTION}. The first sample is taken when the node
 * starts leading.
 */
final class QueueSampler extends Service {
    /** How often the counts are sampled: 1 minute. */
    static final Duration INTERVAL = Duration.ofMinutes(1);
    /** How long samples are kept: 24 hours (health reads the last {@link QueueHealth#TREND_WINDOW}). */
    static final Duration RETENTION = Duration.ofHours(24);

    private final NodeConfig config;

    QueueSampler(NodeConfig config) {
        super("queue-sampler");
        this.config = config;
    }

    @Override
    Duration interval() {
        return INTERVAL;
    }

    @Override
    boolean runOnce() {
        Instant now = config.store().now();
        config.store().queueSampleRecord(samples(now, config.store().queueCounts(), config.queueConcurrency().keySet()));
        config.store().queueSamplePrune(now.minus(RETENTION));
        return false;
    }

    /** One sample per queue that has jobs or is declared here (an empty declared queue samples as zeros). */
    static List<QueueSample> samples(Instant now, List<QueueCount> counts, Iterable<String> declared) {
        Map<String, long[]> byQueue = new TreeMap<>();
        declared.forEach(queue -> byQueue.put(queue, new long[2]));
        for (QueueCount count : counts) {
            long[] readyRunning = byQueue.computeIfAbsent(count.queue(), q -> new long[2]);
            if (count.state() == JobState.AVAILABLE) {
                readyRunning[0] = count.count();
            } else if (count.state() == JobState.RUNNING) {
                readyRunning[1] = count.count();
            }
        }
        List<QueueSample> out = new ArrayList<>(byQueue.size());
        byQueue.forEach((queue, readyRunning) -> out.add(new QueueSample(queue, now, readyRunning[0], readyRunning[1])));
        return out;
    }
}
