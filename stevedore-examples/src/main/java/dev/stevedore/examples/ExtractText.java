package dev.stevedore.examples;

import dev.stevedore.JobContext;
import dev.stevedore.JobHandler;
import dev.stevedore.JobKind;
import dev.stevedore.Subprocess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * The example of docs/subprocess.md: a handler that runs {@code pdftotext} on a stored PDF, compiled by
 * the build so the guide cannot drift from the API. Register it with
 * {@code builder.handle(ExtractText.Job.class, new ExtractText(index::save))}.
 */
public final class ExtractText implements JobHandler<ExtractText.Job> {
    /** The job's arguments: which document, and where its PDF is. */
    @JobKind("document.extract-text")
    public record Job(long documentId, String pdfPath) {}

    private final BiConsumer<Long, String> save;

    /** A handler that hands each document's text to {@code save}. */
    public ExtractText(BiConsumer<Long, String> save) {
        this.save = save;
    }

    @Override
    public void handle(JobContext ctx, Job job) throws InterruptedException {
        Subprocess.Result text = Subprocess.of("pdftotext", "-enc", "UTF-8", job.pdfPath(), "-")
                .directory(Path.of(job.pdfPath()).toAbsolutePath().getParent())
                .timeout(Duration.ofMinutes(2))      // and the job's own timeout interrupts us, which kills it too
                .permanentExitCodes(1, 3)            // cannot open the PDF, or it forbids copying: retrying cannot help
                .requireOutput()                     // a scanned PDF without a text layer: discard, do not retry
                .maxStdout(16 * 1024 * 1024)
                .run();
        save.accept(job.documentId(), text.stdoutText());
    }
}
