package dev.stevedore.examples;

import dev.stevedore.BatchStatus;
import dev.stevedore.EnqueuedBatch;
import dev.stevedore.JobKind;
import dev.stevedore.Stevedore;
import dev.stevedore.UpstreamFailure;
import dev.stevedore.sqlite.SqliteStore;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The example of docs/batches.md, compiled and run by the build: a batch of imports with a callback
 * when all are done, and a small workflow whose steps wait for each other. Run it with
 * {@code java ... dev.stevedore.examples.BatchImport [file.db]}.
 */
public final class BatchImport {
    private BatchImport() {}

    @JobKind("import.file")
    public record ImportFile(String name) {}

    @JobKind("import.report")
    public record ImportReport(String day) {}

    @JobKind("post.step")
    public record PostStep(long postId, String step) {}

    @JobKind("post.done")
    public record PostDone(long postId) {}

    /** What the example saw, for its test. */
    public record Seen(BatchStatus imports, BatchStatus publishing, List<String> steps) {}

    public static Seen run(Path file) throws Exception {
        CountDownLatch done = new CountDownLatch(2);
        List<String> steps = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicReference<Stevedore> self = new AtomicReference<>();
        try (Stevedore stevedore = Stevedore.builder()
                .store(SqliteStore.file(file))
                .handle(ImportFile.class, (ctx, job) -> System.out.println("importing " + job.name()))
                .handle(ImportReport.class, (ctx, job) -> {
                    // A callback: ctx.batchId() is the batch it reports on.
                    BatchStatus batch = self.get().batch(ctx.batchId().getAsLong()).orElseThrow();
                    System.out.println("import of " + job.day() + ": " + batch.completed() + " of " + batch.total()
                            + " files, " + batch.state());
                    done.countDown();
                })
                .handle(PostStep.class, (ctx, job) -> steps.add(job.step()))
                .handle(PostDone.class, (ctx, job) -> done.countDown())
                .queue("default", q -> q.concurrency(4))
                .build()) {
            self.set(stevedore);
            stevedore.start();

            // A batch: three imports, and one report once all three have finished.
            EnqueuedBatch imports = stevedore.enqueueBatch(b -> b
                    .description("import 2026-11-23")
                    .addAll(List.of(new ImportFile("a.csv"), new ImportFile("b.csv"), new ImportFile("c.csv")), o -> {})
                    .onSuccess(new ImportReport("2026-11-23"))
                    .onFailure(new ImportReport("2026-11-23 (with failures)")));

            // A workflow: resize and thumbnail wait for fetch, publish waits for both; notify runs even
            // if publish fails.
            EnqueuedBatch publishing = stevedore.enqueueBatch(w -> w
                    .description("publish post 42")
                    .step("fetch", new PostStep(42, "fetch"))
                    .step("resize", new PostStep(42, "resize"), s -> s.after("fetch"))
                    .step("thumbnail", new PostStep(42, "thumbnail"), s -> s.after("fetch"))
                    .step("publish", new PostStep(42, "publish"), s -> s.after("resize", "thumbnail"))
                    .step("notify", new PostStep(42, "notify"),
                            s -> s.after("publish").onUpstreamFailure(UpstreamFailure.RUN))
                    .onComplete(new PostDone(42)));

            if (!done.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the example did not finish within 30 s");
            }
            // Callbacks are enqueued in the transaction that finishes their batch: both have finished.
            return new Seen(stevedore.batch(imports.id()).orElseThrow(), stevedore.batch(publishing.id()).orElseThrow(),
                    List.copyOf(steps));
        }
    }

    public static void main(String[] args) throws Exception {
        System.out.println(run(Path.of(args.length > 0 ? args[0] : "jobs.db")));
    }
}
