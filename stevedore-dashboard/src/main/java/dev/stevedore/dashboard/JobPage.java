package dev.stevedore.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.AttemptError;
import dev.stevedore.BatchStatus;
import dev.stevedore.Job;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code /jobs/{id}}: one job: its arguments with the redacted fields hidden, its state timeline, every
 * attempt's error and stack, its progress while it runs, its output, its batch, and the actions.
 */
final class JobPage implements Page {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Source source;
    private final Related related;

    JobPage(Source source, Related related) {
        this.source = source;
        this.related = related;
    }

    @Override
    public String title(Context ctx, String routed) {
        return "Job " + ctx.pathParam("id");
    }

    @Override
    public Html render(Context ctx, Visit visit) {
        long id = Params.pathId(ctx);
        Params.query(ctx);
        Job job = source.node().job(id).orElseThrow(() -> Refusal.notFound("no job " + id + " (it may have been pruned)"));
        return Html.join(List.of(summary(job, visit), progress(job), visit.mayAct() ? JobActions.formFor(visit, id) : Html.EMPTY,
                args(job), timeline(job, visit.now()), attempts(job, visit.now()), output(job), batch(job, visit.now()), related.of(job)));
    }

    private static Html summary(Job job, Visit visit) {
        return Html.of("""
                <dl class="summary" id="summary">
                <dt>State</dt><dd><span class="badge state-{}" id="state">{}</span>{}{}</dd>
                <dt>Kind</dt><dd>{}</dd><dt>Queue</dt><dd><a href="/queues#queue-{}">{}</a></dd><dt>Priority</dt><dd>{}</dd>
                <dt>Attempts</dt><dd>{} of {}</dd><dt>Tags</dt><dd>{}</dd><dt>Metadata</dt><dd>{}</dd>
                <dt>Node</dt><dd>{}</dd></dl>""",
                job.state().dbName(), job.state().dbName(),
                quarantineBadge(job),
                job.cancelPending() ? Html.of(" <span class=\"badge\">cancel requested</span>") : Html.EMPTY,
                job.kind(), job.queue(), job.queue(), job.priority(), job.attempt(), job.maxAttempts(),
                String.join(", ", job.tags()), metadata(job.metadata()), job.attemptedBy() == null ? "" : job.attemptedBy());
    }

    /**
     * A badge beside the state of a job quarantined for crashing its worker too often: held, and
     * released by a retry (the title says so).
     */
    static Html quarantineBadge(Job job) {
        return job.quarantined()
                ? Html.of(" <span class=\"badge quarantined\" title=\"crashed its worker too often; retry releases it\">"
                        + "quarantined</span>")
                : Html.EMPTY;
    }

    private static String metadata(Map<String, String> metadata) {
        List<String> pairs = new ArrayList<>();
        metadata.forEach((k, v) -> pairs.add(k + "=" + v));
        pairs.sort(null);
        return String.join(", ", pairs);
    }

    private static Html progress(Job job) {
        Job.Progress progress = job.progress();
        if (progress == null && job.state() != dev.stevedore.JobState.RUNNING) {
            return Html.EMPTY;
        }
        int percent = progress == null ? 0 : progress.percent();
        return Html.of("""
                <section class="progress" id="progress-section" data-live="/events/jobs/{}"><h2>Progress</h2>
                <progress id="progress" max="100" value="{}">{}%</progress> <span id="progress-percent">{}%</span>
                <span id="progress-message">{}</span></section>""",
                job.id(), percent, percent, percent, progress == null ? "" : progress.message());
    }

    /** The arguments as operators may see them: redacted by the node's rules, then pretty-printed. */
    private Html args(Job job) {
        String redacted = source.node().redactArgs(job.args());
        String shown;
        try {
            shown = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(redacted));
        } catch (JsonProcessingException e) {
            shown = redacted;
        }
        return Html.of("<section><h2>Arguments</h2><pre id=\"args\">{}</pre></section>", shown);
    }

    /** The moments the job's row records, in time order. */
    private static Html timeline(Job job, Instant now) {
        record Moment(Instant at, String what) {}
        List<Moment> moments = new ArrayList<>();
        moments.add(new Moment(job.createdAt(), "enqueued"));
        if (job.awaitingUpstream()) {
            moments.add(new Moment(job.createdAt(), "waits for its upstream workflow steps"));
        } else if (!job.scheduledAt().equals(job.createdAt())) {
            moments.add(new Moment(job.scheduledAt(), job.state().isFinal() ? "last due" : "due"));
        }
        for (AttemptError error : job.errors()) {
            moments.add(new Moment(error.at(), "attempt " + error.attempt() + " failed ("
                    + error.category().name().toLowerCase(java.util.Locale.ROOT) + ") on " + error.node()));
        }
        if (job.attemptedAt() != null) {
            moments.add(new Moment(job.attemptedAt(), "attempt " + job.attempt() + " started on " + job.attemptedBy()));
        }
        if (job.cancellation() != null) {
            moments.add(new Moment(job.cancellation().requestedAt(), "cancel requested: " + job.cancellation().reason()));
        }
        if (job.finishedAt() != null) {
            moments.add(new Moment(job.finishedAt(), job.state().dbName()));
        }
        moments.sort(Comparator.comparing(Moment::at));
        List<Html> items = new ArrayList<>();
        for (Moment m : moments) {
            items.add(Html.of("<li><time datetime=\"{}\">{}</time> ({}) {}</li>", m.at(), Format.time(m.at()), Format.ago(m.at(), now), m.what()));
        }
        return Html.of("<section><h2>Timeline</h2><ol class=\"timeline\" id=\"timeline\">{}</ol></section>", Html.join(items));
    }

    private static Html attempts(Job job, Instant now) {
        if (job.errors().isEmpty()) {
            return Html.EMPTY;
        }
        List<Html> items = new ArrayList<>();
        for (AttemptError e : job.errors()) {
            items.add(Html.of("""
                    <article class="attempt" id="attempt-{}"><h3>Attempt {}: {}</h3>
                    <p>{} on {}, {} ({}), ran {}</p><p class="error-message">{}</p><pre class="stack">{}</pre></article>""",
                    e.attempt(), e.attempt(), e.errorClass(), e.category().name().toLowerCase(java.util.Locale.ROOT), e.node(),
                    Format.time(e.at()), Format.ago(e.at(), now), Format.duration(e.duration()), e.message(),
                    e.stack().isBlank() ? e.errorClass() + ": " + e.message() : e.stack().strip()));
        }
        return Html.of("<section><h2>Failed attempts</h2>{}</section>", Html.join(items));
    }

    private static Html output(Job job) {
        return job.output() == null ? Html.EMPTY
                : Html.of("<section><h2>Output</h2><pre id=\"output\">{}</pre></section>", job.output());
    }

    private Html batch(Job job, Instant now) {
        if (job.batchId() == null) {
            return Html.EMPTY;
        }
        return source.node().batch(job.batchId()).map(b -> batchSection(b, now))
                .orElse(Html.of("<section><h2>Batch</h2><p>Batch {} (pruned).</p></section>", job.batchId()));
    }

    private static Html batchSection(BatchStatus b, Instant now) {
        return Html.of("""
                <section id="batch"><h2>Batch {}</h2><p>{} · {}{}</p>{}</section>""",
                BatchView.link(b.id()), b.description(), BatchView.state(b),
                b.parentId() == null ? Html.EMPTY : Html.of("; child of batch {}", BatchView.link(b.parentId())), BatchView.progress(b, now));
    }
}
