package dev.stevedore.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.BatchOptions;
import dev.stevedore.BatchState;
import dev.stevedore.BatchStatus;
import dev.stevedore.Job;
import dev.stevedore.spi.BatchFilter;
import dev.stevedore.spi.DeclaredCallback;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /batches/{id}}: one batch or workflow: its state and progress, the callbacks it declared and
 * what became of each, its child batches, and its jobs by id (a page of {@link #PAGE}), with, for a
 * workflow's steps, the steps each waits for and what a failed upstream step does to it. The steps'
 * names and edges come from the metadata each step carries: the store deletes an edge once its
 * upstream step is final, the metadata stays.
 */
final class BatchPage implements Page {
    static final int PAGE = 200;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Source source;

    BatchPage(Source source) {
        this.source = source;
    }

    @Override
    public String title(Context ctx, String routed) {
        return "Batch " + ctx.pathParam("id");
    }

    @Override
    public Html render(Context ctx, Visit visit) {
        long id = Params.pathId(ctx);
        Long after = Params.query(ctx, "after").id("after");
        BatchStatus batch = source.store().batchGet(id).orElseThrow(() -> Refusal.notFound("no batch " + id
                + " (it never existed, or was pruned)"));
        List<Job> jobs = source.store().batchJobList(id, after, PAGE);
        List<BatchStatus> children = source.store().batchList(new BatchFilter(id, null, BatchFilter.MAX_LIMIT));
        return Html.join(List.of(summary(batch, visit), callbacks(batch, jobs), children.isEmpty() ? Html.EMPTY
                : Html.of("<h2>Child batches</h2>{}", BatchesPage.table("children", children, visit)), jobs(id, jobs, after)));
    }

    private static Html summary(BatchStatus b, Visit visit) {
        List<String> metadata = new ArrayList<>();
        b.metadata().forEach((k, v) -> metadata.add(k + "=" + v));
        metadata.sort(null);
        return Html.of("""
                <dl class="summary" id="summary"><dt>State</dt><dd id="batch-state">{}</dd><dt>Description</dt><dd>{}</dd>
                <dt>Progress</dt><dd id="batch-progress">{}</dd><dt>Parent</dt><dd>{}</dd><dt>Metadata</dt><dd>{}</dd>
                <dt>Created</dt><dd>{} ({})</dd><dt>Finished</dt><dd>{}</dd></dl>""",
                BatchView.state(b), b.description(), BatchView.progress(b, visit.now()),
                b.parentId() == null ? Html.of("none") : BatchView.link(b.parentId()), String.join(", ", metadata),
                Format.time(b.createdAt()), Format.ago(b.createdAt(), visit.now()),
                b.finishedAt() == null ? "not yet" : Format.time(b.finishedAt()));
    }

    /** Each declared callback, and its job once the batch inserted it (callbacks carry the batch's id and their event). */
    private Html callbacks(BatchStatus batch, List<Job> jobs) {
        List<DeclaredCallback> declared = source.store().batchCallbackList(batch.id());
        if (declared.isEmpty()) {
            return Html.of("<h2>Callbacks</h2><p id=\"no-callbacks\">None declared.</p>");
        }
        Map<String, Job> fired = new HashMap<>();
        jobs.stream().filter(j -> j.metadata().containsKey(BatchOptions.EVENT_KEY))
                .forEach(j -> fired.put(j.metadata().get(BatchOptions.EVENT_KEY), j));
        List<Html> rows = new ArrayList<>();
        for (DeclaredCallback callback : declared) {
            String event = callback.event().dbName();
            Job job = fired.get(event);
            Html state = job != null ? Html.of("fired: <a href=\"/jobs/{}\">job {}</a> <span class=\"badge state-{}\">{}</span>",
                    job.id(), job.id(), job.state().dbName(), job.state().dbName())
                    : batch.state() == BatchState.RUNNING ? Html.of("waits for the batch to finish")
                    : firesOn(callback, batch.state()) ? Html.of("fired (its job is past this page or pruned)")
                    : Html.of("not fired: the batch {}", batch.state().name().toLowerCase(java.util.Locale.ROOT));
            rows.add(Html.of("<tr id=\"callback-{}\"><td>on {}</td><td>{}</td><td>{}</td><td>{}</td></tr>", event, event,
                    callback.kind(), callback.queue(), state));
        }
        return Html.of("""
                <h2>Callbacks</h2><table id="callbacks"><thead><tr><th>When</th><th>Kind</th><th>Queue</th><th>State</th></tr></thead>
                <tbody>{}</tbody></table>""", Html.join(rows));
    }

    private static boolean firesOn(DeclaredCallback callback, BatchState state) {
        return switch (callback.event()) {
            case COMPLETE -> true;
            case SUCCESS -> state == BatchState.SUCCEEDED;
            case FAILURE -> state == BatchState.FAILED;
        };
    }

    private static Html jobs(long batchId, List<Job> jobs, Long after) {
        if (jobs.isEmpty()) {
            return Html.of("<h2>Jobs</h2><p id=\"no-jobs\">No job{} (pruned once the batch finished).</p>",
                    after == null ? "" : " after job " + after);
        }
        Map<String, Job> steps = new HashMap<>();
        jobs.stream().filter(j -> j.metadata().containsKey(BatchOptions.STEP_KEY))
                .forEach(j -> steps.put(j.metadata().get(BatchOptions.STEP_KEY), j));
        List<Html> rows = new ArrayList<>();
        for (Job job : jobs) {
            String step = job.metadata().get(BatchOptions.STEP_KEY);
            String policy = job.metadata().get(BatchOptions.STEP_ON_UPSTREAM_FAILURE_KEY);
            rows.add(Html.of("""
                    <tr id="job-{}"><td><a href="/jobs/{}">{}</a></td><td>{}</td><td><span class="badge state-{}">{}</span>{}</td>
                    <td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>""",
                    job.id(), job.id(), job.id(), step == null ? callbackLabel(job) : step, job.state().dbName(),
                    job.state().dbName(), job.awaitingUpstream() ? Html.of(" <span class=\"hint\">waiting for upstream</span>") : Html.EMPTY,
                    upstream(job, steps), policy == null ? "" : policy.equals("run") ? "runs anyway" : "cancelled",
                    job.kind(), job.queue()));
        }
        Html next = jobs.size() == PAGE ? Html.of("<p class=\"pager\"><a href=\"/batches/{}?after={}\" id=\"next-page\">Next jobs</a></p>",
                batchId, jobs.get(PAGE - 1).id()) : Html.EMPTY;
        return Html.of("""
                <h2>Jobs</h2><table id="batch-jobs"><thead><tr><th>Job</th><th>Step</th><th>State</th><th>Waits for</th>
                <th>If an upstream step fails</th><th>Kind</th><th>Queue</th></tr></thead><tbody>{}</tbody></table>{}""",
                Html.join(rows), next);
    }

    private static String callbackLabel(Job job) {
        String event = job.metadata().get(BatchOptions.EVENT_KEY);
        return event == null ? "" : "on " + event + " callback";
    }

    /** The steps {@code job} waits for, each linked to its job and marked with its state when it is on this page. */
    private static Html upstream(Job job, Map<String, Job> steps) {
        String after = job.metadata().get(BatchOptions.STEP_AFTER_KEY);
        if (after == null) {
            return Html.EMPTY;
        }
        List<String> names;
        try {
            names = JSON.readValue(after, new TypeReference<List<String>>() {});
        } catch (JsonProcessingException e) {
            return Html.of("{}", after);
        }
        List<Html> links = new ArrayList<>();
        for (String name : names) {
            Job upstream = steps.get(name);
            links.add(upstream == null ? Html.of("<span class=\"upstream\">{}</span> ", name)
                    : Html.of("<a class=\"upstream\" href=\"/jobs/{}\">{}</a> <span class=\"badge state-{}\">{}</span> ",
                            upstream.id(), name, upstream.state().dbName(), upstream.state().dbName()));
        }
        return Html.join(links);
    }
}
