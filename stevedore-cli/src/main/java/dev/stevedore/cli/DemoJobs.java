package dev.stevedore.cli;

import dev.stevedore.JobContext;
import dev.stevedore.JobKind;
import dev.stevedore.Outcome;
import java.io.IOException;
import java.time.Duration;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The demo's job kinds and what their handlers do: mail always works, image scoring fails on a busy
 * model server and works on a retry, a report for a month that does not exist and an export of a
 * closed account are discarded, and one upload is not there yet the first time (snoozed once).
 */
public final class DemoJobs {
    private DemoJobs() {}

    /** Sends one email. Always succeeds. */
    @JobKind("demo.email.send")
    public record SendEmail(int userId, String template) {}

    /** Scores one image with an ML model; the model server is busy for some images at first. */
    @JobKind("demo.image.score")
    public record ScoreImage(int imageId, int failures) {}

    /** Fetches an upload that may still be in progress: snoozes until it is there. */
    @JobKind("demo.upload.fetch")
    public record FetchUpload(String file) {}

    /** Builds the report of one month; a month that does not exist is a permanent error. */
    @JobKind("demo.report.build")
    public record BuildReport(String month) {}

    /** Exports an account's data; a closed account cannot be exported (discarded explicitly). */
    @JobKind("demo.account.export")
    public record ExportAccount(long accountId, boolean closed) {}

    static void sendEmail(JobContext ctx, SendEmail job) throws InterruptedException {
        work(150, 400);
    }

    static void scoreImage(JobContext ctx, ScoreImage job) throws InterruptedException, IOException {
        work(400, 700);
        if (ctx.attempt() <= job.failures()) {
            throw new IOException("model server busy (HTTP 503) scoring image " + job.imageId());
        }
    }

    /** Snoozes the first time it sees a job; {@code waited} remembers (the demo is one process, so memory is enough). */
    static void fetchUpload(JobContext ctx, FetchUpload job, Set<Long> waited) throws InterruptedException {
        if (waited.add(ctx.jobId())) {
            throw Outcome.snooze(Duration.ofSeconds(2));
        }
        work(100, 200);
    }

    static void buildReport(JobContext ctx, BuildReport job) throws InterruptedException {
        try {
            YearMonth.parse(job.month());
        } catch (DateTimeParseException e) {
            // IllegalArgumentException is classified as permanent: discarded, not retried.
            throw new IllegalArgumentException("no such month: " + job.month(), e);
        }
        work(700, 1000);
    }

    static void exportAccount(JobContext ctx, ExportAccount job) throws InterruptedException {
        if (job.closed()) {
            throw Outcome.discard("account " + job.accountId() + " is closed; nothing to export");
        }
        work(400, 600);
    }

    private static void work(int minMillis, int maxMillis) throws InterruptedException {
        Thread.sleep(ThreadLocalRandom.current().nextInt(minMillis, maxMillis));
    }
}
