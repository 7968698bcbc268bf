package dev.stevedore.dashboard;

import dev.stevedore.Job;
import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-Sent Events for open pages: the overview's counters ({@code counts} events every
 * {@link #COUNTS_EVERY}, or ten times as long as the count took, whichever is longer: counting a large
 * jobs table must not become the database's main work) and a running job's progress ({@code progress}
 * events every {@link #JOB_EVERY}, the last one when the job leaves {@code running}). One timer thread
 * reads the store once per tick for all the pages that listen, so a hundred open overviews cost one
 * count, and none costs nothing.
 */
final class LiveUpdates implements AutoCloseable {
    static final Duration COUNTS_EVERY = Duration.ofSeconds(3);
    static final Duration JOB_EVERY = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(LiveUpdates.class);

    private final Source source;
    private final Map<SseClient, Boolean> overviews = new ConcurrentHashMap<>();
    private final Map<SseClient, Long> jobs = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("stevedore-dashboard-live").factory());

    LiveUpdates(Source source) {
        this.source = source;
        timer.execute(this::countsTick);
        timer.scheduleWithFixedDelay(() -> guarded(this::sendProgress), 0, JOB_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    void overview(SseClient client) {
        client.keepAlive();
        client.onClose(() -> overviews.remove(client));
        // No count of its own: the page was rendered with fresh counts, and the next tick follows them.
        overviews.put(client, Boolean.TRUE);
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

    private void sendCounts() {
        if (overviews.isEmpty()) {
            return;
        }
        String counts = Counts.of(source.store().queueCounts()).totalsJson();
        overviews.keySet().forEach(client -> send(client, "counts", counts));
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
            overviews.remove(client);
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
        overviews.keySet().forEach(SseClient::close);
        jobs.keySet().forEach(SseClient::close);
    }
}
