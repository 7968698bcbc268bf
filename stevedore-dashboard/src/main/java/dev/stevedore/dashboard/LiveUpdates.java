package dev.stevedore.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.Failure;
import dev.stevedore.FailureQuery;
import dev.stevedore.Issue;
import dev.stevedore.IssueQuery;
import dev.stevedore.Job;
import dev.stevedore.StatsQuery;
import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-Sent Events for open pages, by topic ({@code /events/{topic}}):
 * <ul>
 *   <li>{@code jobs}: {@code counts} events, the totals by state, every {@link #COUNTS_EVERY} or ten
 *       times as long as the count took, whichever is longer (counting a large jobs table must not
 *       become the database's main work); {@code /events/overview} is the same stream;</li>
 *   <li>{@code failures}: a {@code failure} event for each failed attempt recorded since the last tick
 *       (at most {@link #FAILURES_PER_TICK} a tick), every {@link #JOB_EVERY};</li>
 *   <li>{@code issues}: an {@code issues} event, the latest-seen issues with their counts, every
 *       {@link #SLOW_EVERY};</li>
 *   <li>{@code metrics}: a {@code metrics} event, the last hour's throughput and latency per minute
 *       from the statistics roll-ups (the overview's chart data), every {@link #SLOW_EVERY};</li>
 * </ul>
 * and a running job's progress ({@code /events/jobs/{id}}: {@code progress} events every
 * {@link #JOB_EVERY}, the last one when the job leaves {@code running}). One timer thread reads the
 * store once per tick and topic for all the pages that listen, so a hundred open pages cost one read,
 * and a topic nobody listens to costs nothing.
 */
final class LiveUpdates implements AutoCloseable {
    static final Duration COUNTS_EVERY = Duration.ofSeconds(3);
    static final Duration JOB_EVERY = Duration.ofSeconds(1);
    static final Duration SLOW_EVERY = Duration.ofSeconds(3);
    static final int FAILURES_PER_TICK = 50;
    private static final Logger LOG = LoggerFactory.getLogger(LiveUpdates.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a stream follows. */
    enum Topic {
        JOBS, FAILURES, ISSUES, METRICS
    }

    private final Source source;
    private final Map<SseClient, Topic> topics = new ConcurrentHashMap<>();
    private final Map<SseClient, Long> jobs = new ConcurrentHashMap<>();
    /** The newest failure id sent, or (set by a first subscriber) the newest there was when it subscribed. */
    private final java.util.concurrent.atomic.AtomicLong lastFailure = new java.util.concurrent.atomic.AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("stevedore-dashboard-live").factory());

    LiveUpdates(Source source) {
        this.source = source;
        timer.execute(this::countsTick);
        timer.scheduleWithFixedDelay(() -> {
            guarded(this::sendProgress);
            guarded(this::sendFailures);
        }, 0, JOB_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(() -> {
            guarded(this::sendIssues);
            guarded(this::sendMetrics);
        }, 0, SLOW_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * A stream of {@code topic}. The page was rendered with fresh data: the next tick follows it. The
     * first listener of failures marks where "new" starts, so it is sent the failures recorded after it
     * subscribed, not a backlog.
     */
    void topic(SseClient client, Topic topic) {
        if (topic == Topic.FAILURES && !listened(Topic.FAILURES)) {
            List<Failure> newest = source.node().failures(FailureQuery.newest(1));
            lastFailure.set(newest.isEmpty() ? 0 : newest.get(0).id());
        }
        client.keepAlive();
        client.onClose(() -> topics.remove(client));
        topics.put(client, topic);
    }

    void job(SseClient client, long id) {
        client.keepAlive();
        client.onClose(() -> jobs.remove(client));
        jobs.put(client, id);
    }

    /** Sends the counts, then waits {@link #COUNTS_EVERY} or ten times what they took to read. */
    private void countsTick() {
        long start = System.nanoTime();
        guarded(this::sendCounts);
        long pause = Math.max(COUNTS_EVERY.toMillis(), 10 * TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        if (!timer.isShutdown()) {
            timer.schedule(this::countsTick, pause, TimeUnit.MILLISECONDS);
        }
    }

    private boolean listened(Topic topic) {
        return topics.containsValue(topic);
    }

    private void broadcast(Topic topic, String event, String data) {
        topics.forEach((client, t) -> {
            if (t == topic) {
                send(client, event, data);
            }
        });
    }

    private void sendCounts() {
        if (listened(Topic.JOBS)) {
            broadcast(Topic.JOBS, "counts", Counts.of(source.store().queueCounts()).totalsJson());
        }
    }

    /** The failure records after the last one sent, oldest first. */
    private void sendFailures() {
        if (!listened(Topic.FAILURES)) {
            return;
        }
        for (Failure f : source.node().failures(FailureQuery.newest(FAILURES_PER_TICK)).reversed()) {
            if (f.id() > lastFailure.get()) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("id", f.id());
                data.put("issue", f.issue());
                data.put("jobId", f.jobId());
                data.put("kind", f.kind());
                data.put("queue", f.queue());
                data.put("error", Format.shorten(f.errorClass() + ": " + f.message(), 160));
                data.put("at", f.at().toString());
                broadcast(Topic.FAILURES, "failure", json(data));
                lastFailure.set(f.id());
            }
        }
    }

    private void sendIssues() {
        if (!listened(Topic.ISSUES)) {
            return;
        }
        List<Map<String, Object>> issues = new ArrayList<>();
        for (Issue issue : source.node().issues(IssueQuery.latest(50))) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("id", issue.id());
            data.put("count", issue.count());
            data.put("lastSeen", issue.lastSeen().toString());
            data.put("status", issue.status().dbName());
            issues.add(data);
        }
        broadcast(Topic.ISSUES, "issues", json(issues));
    }

    private void sendMetrics() {
        if (!listened(Topic.METRICS)) {
            return;
        }
        Instant now = source.store().now();
        broadcast(Topic.METRICS, "metrics", Chart.json(source.node().stats(StatsQuery.between(Chart.from(Chart.Range.HOUR, now),
                now.plusSeconds(60))), Chart.Range.HOUR, now));
    }

    private void sendProgress() {
        jobs.forEach((client, id) -> {
            Optional<Job> job = source.node().job(id);
            String state = job.map(j -> j.state().dbName()).orElse("pruned");
            Job.Progress progress = job.map(Job::progress).orElse(null);
            send(client, "progress", "{\"percent\":" + (progress == null ? 0 : progress.percent()) + ",\"message\":"
                    + jsonString(progress == null ? "" : progress.message()) + ",\"state\":\"" + state + "\"}");
            if (!"running".equals(state)) {
                jobs.remove(client);
                client.close();
            }
        });
    }

    private void send(SseClient client, String event, String data) {
        if (client.terminated()) {
            topics.remove(client);
            jobs.remove(client);
            return;
        }
        client.sendEvent(event, data);
    }

    /** A tick that fails (the store away a moment) is logged and the next one tries again. */
    private static void guarded(Runnable tick) {
        try {
            tick.run();
        } catch (RuntimeException e) {
            LOG.warn("dashboard live update failed; retrying at the next tick: {}", e.toString());
        }
    }

    /** {@code value} as JSON with {@code <}, {@code >} and {@code &} escaped, though event data never reaches HTML unparsed. */
    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings and numbers always encode", e);
        }
    }

    /** {@code text} as a JSON string; {@code <} escaped too, though event data never reaches HTML unparsed. */
    static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        topics.keySet().forEach(SseClient::close);
        jobs.keySet().forEach(SseClient::close);
    }
}
