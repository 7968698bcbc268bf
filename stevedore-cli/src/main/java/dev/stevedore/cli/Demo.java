package dev.stevedore.cli;

import dev.stevedore.JobEvent;
import dev.stevedore.JobListener;
import dev.stevedore.JobState;
import dev.stevedore.RetryPolicy;
import dev.stevedore.Stevedore;
import dev.stevedore.cli.DemoJobs.BuildReport;
import dev.stevedore.cli.DemoJobs.ExportAccount;
import dev.stevedore.cli.DemoJobs.FetchUpload;
import dev.stevedore.cli.DemoJobs.ScoreImage;
import dev.stevedore.cli.DemoJobs.SendEmail;
import dev.stevedore.spi.QueueCount;
import dev.stevedore.spi.Store;
import dev.stevedore.sqlite.SqliteStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/** The demo workload: builds a node on a fresh SQLite file, enqueues, reports progress, summarises. */
final class Demo {
    static final List<String> QUEUES = List.of("mail", "ai", "reports");
    /** Short backoff so the demo's retries happen within seconds: 200 ms, 400 ms, … capped at 2 s. */
    static final RetryPolicy QUICK_RETRY = RetryPolicy.exponential(Duration.ofMillis(200), Duration.ofSeconds(2), 0.2);
    private static final Duration TICK = Duration.ofMillis(100);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

    /**
     * What happened.
     *
     * @param jobs       jobs enqueued
     * @param completed  jobs completed
     * @param discarded  jobs discarded
     * @param cancelled  jobs cancelled
     * @param unfinished jobs not in a final state when the demo ended
     * @param retriedJobs jobs that failed at least one attempt and were retried
     * @param retries    failed attempts that were retried
     * @param snoozed    snoozes
     * @param elapsed    time from the first enqueue to the end
     */
    record Summary(int jobs, long completed, long discarded, long cancelled, long unfinished, int retriedJobs,
                   int retries, int snoozed, Duration elapsed) {}

    private final Path file;
    private final Duration limit;
    private final PrintWriter out;
    private final long startNanos = System.nanoTime();
    private final Set<Long> retriedJobs = ConcurrentHashMap.newKeySet();
    private final AtomicInteger retries = new AtomicInteger();
    private final AtomicInteger snoozes = new AtomicInteger();
    private final Set<Long> waited = ConcurrentHashMap.newKeySet();

    Demo(Path file, Duration limit, PrintWriter out) {
        this.file = file;
        this.limit = limit;
        this.out = out;
    }

    Summary run() throws IOException, InterruptedException {
        recreate(file);
        Store store = SqliteStore.file(file);
        Stevedore node;
        try {
            node = Stevedore.builder()
                    .store(store)
                    .handle(SendEmail.class, DemoJobs::sendEmail, k -> k.queue("mail"))
                    .handle(ScoreImage.class, DemoJobs::scoreImage, k -> k.queue("ai").retry(QUICK_RETRY))
                    .handle(FetchUpload.class, (ctx, job) -> DemoJobs.fetchUpload(ctx, job, waited), k -> k.queue("ai"))
                    .handle(BuildReport.class, DemoJobs::buildReport, k -> k.queue("reports").retry(QUICK_RETRY))
                    .handle(ExportAccount.class, DemoJobs::exportAccount, k -> k.queue("reports"))
                    .queue("mail", q -> q.concurrency(4))
                    .queue("ai", q -> q.concurrency(2))
                    .queue("reports", q -> q.concurrency(1))
                    .pollInterval(TICK)
                    .stageInterval(TICK)
                    .shutdownGrace(Duration.ofSeconds(2))
                    .interruptGrace(Duration.ofSeconds(1))
                    .listener(new EventPrinter())
                    .build();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        try (node) {
            node.start();
            int jobs = enqueue(node);
            out.printf("Demo: %d jobs in queues mail (4 at once), ai (2) and reports (1), stored in %s%n", jobs, file);
            out.flush();
            Summary summary = await(store, jobs);
            printSummary(summary);
            return summary;
        }
    }

    private int enqueue(Stevedore node) {
        List<String> templates = List.of("welcome", "receipt", "digest");
        var emails = IntStream.rangeClosed(1, 24).mapToObj(i -> new SendEmail(i, templates.get(i % templates.size()))).toList();
        node.enqueueMany(emails, o -> {});
        // Images 3 and 6 fail once, image 9 twice: the model server is busy, and a retry fixes it.
        var images = IntStream.rangeClosed(1, 10).mapToObj(i -> new ScoreImage(i, i == 9 ? 2 : i % 3 == 0 ? 1 : 0)).toList();
        node.enqueueMany(images, o -> {});
        node.enqueue(new FetchUpload("uploads/video-7.mp4"));
        node.enqueueMany(List.of(new BuildReport("2025-01"), new BuildReport("2025-02"), new BuildReport("2025-13")), o -> {});
        node.enqueueMany(List.of(new ExportAccount(1001, false), new ExportAccount(404, true)), o -> {});
        return emails.size() + images.size() + 1 + 3 + 2;
    }

    private Summary await(Store store, int jobs) throws InterruptedException {
        long deadline = startNanos + limit.toNanos();
        long nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
        Map<String, Map<JobState, Long>> counts = counts(store);
        while (unfinished(counts) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(TICK.toMillis());
            counts = counts(store);
            if (System.nanoTime() >= nextProgress) {
                printProgress(counts);
                nextProgress += PROGRESS_EVERY.toNanos();
            }
        }
        printProgress(counts);
        return new Summary(jobs, total(counts, JobState.COMPLETED), total(counts, JobState.DISCARDED),
                total(counts, JobState.CANCELLED), unfinished(counts), retriedJobs.size(), retries.get(), snoozes.get(),
                Duration.ofNanos(System.nanoTime() - startNanos));
    }

    private static Map<String, Map<JobState, Long>> counts(Store store) {
        Map<String, Map<JobState, Long>> counts = new TreeMap<>();
        for (QueueCount count : store.queueCounts()) {
            counts.computeIfAbsent(count.queue(), q -> new EnumMap<>(JobState.class))
                    .merge(count.state(), count.count(), Long::sum);
        }
        return counts;
    }

    private static long total(Map<String, Map<JobState, Long>> counts, JobState state) {
        return counts.values().stream().mapToLong(byState -> byState.getOrDefault(state, 0L)).sum();
    }

    private static long unfinished(Map<String, Map<JobState, Long>> counts) {
        return counts.values().stream().flatMap(byState -> byState.entrySet().stream())
                .filter(e -> !e.getKey().isFinal()).mapToLong(Map.Entry::getValue).sum();
    }

    private void printProgress(Map<String, Map<JobState, Long>> counts) {
        List<String> parts = new ArrayList<>();
        for (String queue : QUEUES) {
            Map<JobState, Long> byState = counts.getOrDefault(queue, Map.of());
            long total = byState.values().stream().mapToLong(Long::longValue).sum();
            long done = byState.entrySet().stream().filter(e -> e.getKey().isFinal()).mapToLong(Map.Entry::getValue).sum();
            StringBuilder part = new StringBuilder(String.format(Locale.ROOT, "%-7s %2d/%-2d done", queue, done, total));
            appendCount(part, byState, JobState.RUNNING, "running");
            appendCount(part, byState, JobState.AVAILABLE, "waiting");
            appendCount(part, byState, JobState.RETRYABLE, "retrying");
            appendCount(part, byState, JobState.SCHEDULED, "scheduled");
            parts.add(part.toString());
        }
        out.printf("[%5s] %s%n", Durations.format(elapsed()), String.join(" | ", parts));
        out.flush();
    }

    private static void appendCount(StringBuilder part, Map<JobState, Long> byState, JobState state, String label) {
        long n = byState.getOrDefault(state, 0L);
        if (n > 0) {
            part.append(", ").append(n).append(' ').append(label);
        }
    }

    private void printSummary(Summary s) {
        out.println();
        out.printf("%s in %s: %d jobs, %d completed, %d discarded, %d unfinished.%n",
                s.unfinished() == 0 ? "Finished" : "Gave up", Durations.format(s.elapsed()), s.jobs(), s.completed(),
                s.discarded(), s.unfinished());
        out.printf("  retried:   %d jobs (%d failed attempts retried with backoff 200ms, 400ms, …)%n", s.retriedJobs(), s.retries());
        out.printf("  discarded: %d jobs (a permanent error and an explicit Outcome.discard: retrying cannot help)%n", s.discarded());
        out.printf("  snoozed:   %d time(s) (Outcome.snooze: runs again later, no attempt used)%n", s.snoozed());
        if (s.unfinished() > 0) {
            out.printf("%d jobs were still unfinished after %s.%n", s.unfinished(), Durations.format(limit));
        }
        out.printf("Look inside: bin/stevedore status --database %s%n", file);
        out.flush();
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static void recreate(Path file) throws IOException {
        for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
            Files.deleteIfExists(Path.of(file + suffix));
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    /** Prints the notable events as they happen: retries, snoozes, discards. */
    private final class EventPrinter implements JobListener {
        @Override
        public void onEvent(JobEvent event) {
            var job = event.job();
            String error = event.error() == null ? "" : ": " + event.error().message();
            String line = switch (event.type()) {
                case RETRY_SCHEDULED -> {
                    retriedJobs.add(job.id());
                    retries.incrementAndGet();
                    yield "retry    job " + job.id() + " " + job.kind() + " attempt " + job.attempt() + " failed" + error;
                }
                case SNOOZED -> {
                    snoozes.incrementAndGet();
                    yield "snooze   job " + job.id() + " " + job.kind() + ": upload not finished, try again in 2s";
                }
                case DISCARDED -> "discard  job " + job.id() + " " + job.kind() + error;
                case HELD -> "held     job " + job.id() + " " + job.kind() + error;
                case CANCELLED -> "cancel   job " + job.id() + " " + job.kind() + error;
                default -> null;
            };
            if (line != null) {
                out.printf("[%5s]   %s%n", Durations.format(elapsed()), line);
                out.flush();
            }
        }
    }
}
